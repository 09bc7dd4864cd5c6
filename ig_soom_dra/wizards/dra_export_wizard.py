# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from decimal import Decimal
from urllib.parse import quote

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_repr

from ..core import dra, files, matching, order_data
from ..models.repair_order import PARTY_ROLE_FIELDS

#: What the header of an exported file names as the program that wrote it.
EXPORT_SOURCE = "Odoo"
#: Vehicle value of the DRA file -> the order's field (``ig.repair.order.data``).
VEHICLE_FIELDS = {
    "plate": "vehicle_plate",
    "vin": "vehicle_vin",
    "hsn": "vehicle_hsn",
    "tsn": "vehicle_tsn",
    "make": "vehicle_make",
    "model": "vehicle_model",
    "first_registration": "vehicle_first_registration",
    "odometer": "vehicle_odometer",
    "color": "vehicle_color",
}


class DraExportWizard(models.TransientModel):
    """Als DRA exportieren: the order as a DRA file, with the documents chosen.

    The file holds what the takeover assistant reads into an order, written
    back from the order (``core.order_data`` keeps both ways in one place):
    the order data, the order's contacts by role, the vehicle and the chosen
    documents with their type. It is built document by document
    (``dra.write_dra_chunks``) and kept on the wizard record, so it goes
    with it; a file the import would refuse (too large, too many documents)
    is not written.
    """

    _name = "dra.export.wizard"
    _inherit = ["ig.order.dialog.mixin"]
    _description = "Export as DRA File"
    _ig_order_access = "read"

    order_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self._default_order_id(),
    )
    line_ids = fields.One2many(
        "dra.export.wizard.line",
        "wizard_id",
        string="Documents",
        compute="_compute_line_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
    )
    state = fields.Selection([("choose", "Choose"), ("done", "Done")], default="choose")
    max_file_size = fields.Integer(
        compute="_compute_max_file_size", help="Largest DRA file the import accepts, in bytes."
    )
    selected_size_display = fields.Char(
        string="Size of the Chosen Documents", compute="_compute_selected_size_display"
    )
    dra_file = fields.Binary(string="DRA File", readonly=True, attachment=True)
    dra_filename = fields.Char(string="File Name", readonly=True)
    dra_file_size_display = fields.Char(string="File Size", readonly=True)
    download_link = fields.Html(compute="_compute_download_link", sanitize=False)

    # ------------------------------------------------------------------
    # Defaults, creation
    # ------------------------------------------------------------------

    @api.model
    def _default_order_id(self):
        context = self.env.context
        if context.get("active_model") != "repair.order" or not context.get("active_id"):
            return False
        order = self.env["repair.order"].browse(context["active_id"])
        self._check_order(order)
        return order.id

    @api.model
    def _check_order(self, order):
        """Refuse an order the user may not read, and one that no DRA file can hold."""
        order.check_access("read")
        if not order.broker_order_ref:
            raise UserError(
                _(
                    "Order %s has no broker order number: a DRA file needs one. Enter the "
                    "order number of the claims broker first.",
                    order.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("order_id"):
                self._check_order(self.env["repair.order"].browse(vals["order_id"]))
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("order_id")
    def _compute_line_ids(self):
        Line = self.env["dra.export.wizard.line"]
        for wizard in self:
            commands = [Command.clear()]
            if wizard.order_id:
                for sequence, attachment in enumerate(wizard.order_id._ig_documents()):
                    commands.append(
                        Command.create(
                            {
                                "sequence": sequence,
                                "attachment_id": attachment.id,
                                "selected": Line._preselected(attachment),
                                "document_type": Line._document_type_of(attachment),
                            }
                        )
                    )
            wizard.line_ids = commands

    def _compute_max_file_size(self):
        self.max_file_size = self._max_file_size()

    @api.depends("line_ids.selected", "line_ids.size")
    @api.depends_context("lang")
    def _compute_selected_size_display(self):
        Line = self.env["dra.export.wizard.line"]
        for wizard in self:
            size = sum(wizard.line_ids.filtered("selected").mapped("size"))
            wizard.selected_size_display = Line._size_text(size)

    @api.depends("dra_file", "dra_filename")
    def _compute_download_link(self):
        for wizard in self:
            if not (wizard.id and wizard.dra_filename):
                wizard.download_link = False
                continue
            url = (
                f"/web/content/{self._name}/{wizard.id}/dra_file/"
                f"{quote(wizard.dra_filename)}?download=true"
            )
            wizard.download_link = Markup(
                '<a class="o_ig_dra_export_download btn btn-primary" href="%s">'
                '<i class="fa fa-download me-2" role="img" aria-hidden="true"/>%s</a>'
            ) % (url, wizard.dra_filename)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_export(self):
        """Write the DRA file of the order with the chosen documents, then offer it."""
        self.ensure_one()
        self._check_order(self.order_id)
        lines = self._chosen_lines()
        limit = self._max_file_size()
        estimate = sum(dra.encoded_size(line.attachment_id.file_size) for line in lines)
        if estimate > limit:
            raise UserError(self._too_large_message(estimate))
        data = self._build(lines, limit)
        filename = files.safe_filename(f"DRA_{self.order_id.broker_order_ref}.xml") or "DRA.xml"
        Attachment = self.env["ir.attachment"].sudo()
        Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_field", "=", "dra_file"),
                ("res_id", "=", self.id),
            ]
        ).unlink()
        Attachment.with_context(ig_soom_dra_no_index=True).create(
            {
                "name": filename,
                "raw": data,
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_field": "dra_file",
                "res_id": self.id,
            }
        )
        self.invalidate_recordset(["dra_file"])
        self.write(
            {
                "state": "done",
                "dra_filename": filename,
                "dra_file_size_display": self.env["dra.export.wizard.line"]._size_text(len(data)),
            }
        )
        return self._reopen()

    def action_back(self):
        """Back to the choice of documents."""
        self.ensure_one()
        self.state = "choose"
        return self._reopen()

    def _reopen(self):
        self.ensure_one()
        return self._get_records_action(name=_("Export as DRA File"), target="new")

    # ------------------------------------------------------------------
    # Building the file
    # ------------------------------------------------------------------

    @api.model
    def _max_file_size(self):
        """The import's limit: a file the import would refuse is not exported."""
        return self.env["dra.import.wizard"]._max_file_size()

    def _too_large_message(self, size):
        return _(
            "The DRA file with the chosen documents would have about %(size)s, more than "
            "the %(limit)s MB that the DRA import accepts. Untick some documents.",
            size=self.env["dra.export.wizard.line"]._size_text(size),
            limit=self._max_file_size() // (1024 * 1024),
        )

    def _chosen_lines(self):
        """The ticked lines, each a document of the order that the user may read."""
        lines = self.line_ids.filtered("selected").sorted(lambda line: (line.sequence, line.id))
        documents = self.order_id._ig_documents()
        foreign = lines.filtered(lambda line: line.attachment_id not in documents)
        if foreign:
            raise AccessError(_("Only documents of this order can be exported with it."))
        if len(lines) > dra.MAX_ATTACHMENTS:
            raise UserError(
                _(
                    "A DRA file holds at most %(limit)s documents; %(count)s are chosen. "
                    "Untick some documents.",
                    limit=dra.MAX_ATTACHMENTS,
                    count=len(lines),
                )
            )
        return lines

    def _build(self, lines, limit):
        """The bytes of the DRA file; each document is read when its turn comes."""
        document = self._dra_document()
        output = io.BytesIO()
        for piece in dra.write_dra_chunks(document, self._dra_attachments(lines)):
            output.write(piece)
            if output.tell() > limit:
                raise UserError(self._too_large_message(output.tell()))
        return output.getvalue()

    def _dra_attachments(self, lines):
        """The chosen documents as DRA attachments, one at a time: each content is
        read when its turn comes and not kept in the cache once it is written."""
        for line in lines:
            attachment = line.attachment_id
            yield dra.DraAttachment(
                type=line.document_type or "Sonstiges",
                filename=attachment.name or None,
                mimetype=(attachment.mimetype or "").lower() or None,
                description=attachment.description or None,
                content=attachment.raw or b"",
            )
            attachment.invalidate_recordset(["raw"])

    def _dra_document(self):
        """The order as a DRA document, without its documents: the inverse of the
        takeover (``dra.import.wizard._fill_from_document`` and the party lines)."""
        self.ensure_one()
        order = self.order_id
        number = order.broker_order_ref
        return dra.DraDocument(
            header=dra.DraHeader(
                created_at=order_data.to_local(fields.Datetime.now()),
                source=EXPORT_SOURCE,
                filename=files.safe_filename(f"DRA_{number}.xml"),
            ),
            order=self._dra_order(order),
            parties={
                role: self._dra_party(role, order[field_name])
                for role, field_name in PARTY_ROLE_FIELDS.items()
                if order[field_name]
            },
            vehicle=self._dra_vehicle(order),
        )

    @api.model
    def _dra_order(self, order):
        deductible = currency = None
        if order.deductible:
            precision = order.deductible_currency_id.decimal_places or 2
            deductible = Decimal(float_repr(order.deductible, precision))
            currency = order.deductible_currency_id.name or "EUR"
        return dra.DraOrder(
            order_number=order.broker_order_ref,
            soom_case_id=order.soom_case_id or None,
            order_kind=order.order_kind or None,
            damage_kind=order.damage_kind or None,
            cover_type=order_data.cover_type_text(order.cover_type),
            policy_number=order.policy_number or None,
            claim_number=order.claim_number or None,
            damage_date=order.damage_date or None,
            deductible=deductible,
            deductible_currency=currency,
            damage_description=order.damage_description or None,
            roadworthy=order_data.roadworthy_text(order.roadworthy),
            courtesy_car_class=order.courtesy_car_class or None,
            vehicle_location=order.vehicle_location or None,
            placed_at=order_data.to_local(order.placed_at or None),
            driver_phone=order.driver_phone or None,
            services=order_data.services_from_text(order.broker_services),
            notes=order.broker_notes or None,
        )

    @api.model
    def _dra_party(self, role, partner):
        """A contact as the party of ``role``: a company's or person's name, the
        address with street and house number apart, phone and mobile, fax, e-mail."""
        name, first_name = partner.name or None, None
        company = partner.is_company or matching.is_company(
            matching.PartyData(name=partner.name), role=role
        )
        if not company:
            name, first_name = order_data.split_person_name(partner.name)
        street, house_number = matching.split_street(partner.street)
        return dra.DraParty(
            role=role,
            name=name,
            first_name=first_name,
            street=street or None,
            house_number=house_number or None,
            zip=partner.zip or None,
            city=partner.city or None,
            country=partner.country_id.code or "DE",
            phones=tuple(filter(None, [partner.phone, partner.mobile])),
            faxes=tuple(filter(None, [partner.fax])),
            email=partner.email or None,
        )

    @api.model
    def _dra_vehicle(self, order):
        """The vehicle data of the order (the file's, as the takeover kept them); an
        order without any, the data of its vehicle record."""
        values = {key: order[name] for key, name in VEHICLE_FIELDS.items()}
        if not any(values.values()):
            vehicle = order.vehicle_id
            values = {
                "plate": vehicle.license_plate,
                "vin": vehicle.vin_sn,
                "hsn": vehicle.kba_hsn,
                "tsn": vehicle.kba_tsn,
                "make": vehicle.brand_id.name,
                "model": vehicle.model_id.name,
                "first_registration": vehicle.acquisition_date,
                "odometer": int(vehicle.odometer),
                "color": vehicle.color,
            }
        values = {key: value for key, value in values.items() if value}
        return dra.DraVehicle(**values) if values else None
