# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import logging

import pytz
from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..core import dra, matching
from ..models.ir_attachment import DRA_DOCUMENT_TYPES
from ..models.repair_order import (
    COVER_TYPES,
    PARTY_ROLE_FIELDS,
    ROADWORTHINESS,
    WORKSHOP_STATUSES,
)

_logger = logging.getLogger(__name__)

STEPS = [
    ("preview", "Preview"),
    ("addresses", "Match Addresses"),
    ("vehicle", "Vehicle + Attachments"),
    ("order", "Order"),
    ("finish", "Finish"),
]
STEP_KEYS = [key for key, _label in STEPS]
STEP_MARKS = [("info", "Info"), ("done", "Complete"), ("missing", "Missing")]

#: Cover type of the DRA file (Versicherungsart) -> repair.order.cover_type
DRA_COVER_TYPES = {"vollkasko": "full", "teilkasko": "partial", "haftpflicht": "liability"}
#: Roadworthiness of the DRA file (Fahrbereit) -> repair.order.roadworthy
DRA_ROADWORTHINESS = {"ja": "yes", "nein": "no", "unbekannt": "unknown"}
#: Order fields copied from the wizard to the repair order, as they are.
ORDER_FIELDS = [
    "broker_id",
    "soom_case_id",
    "order_kind",
    "damage_kind",
    "cover_type",
    "policy_number",
    "claim_number",
    "damage_date",
    "damage_description",
    "deductible",
    "roadworthy",
    "courtesy_car_class",
    "vehicle_location",
    "placed_at",
    "driver_phone",
    "broker_services",
    "broker_notes",
    "vehicle_plate",
    "vehicle_vin",
    "vehicle_make",
    "vehicle_model",
    "vehicle_hsn",
    "vehicle_tsn",
    "vehicle_first_registration",
    "vehicle_odometer",
    "vehicle_color",
]
DEFAULT_MAX_SIZE_MB = 100


class DraImportWizard(models.TransientModel):
    """The DRA takeover assistant ("DRA Übernahmeassistent").

    Five steps lead from a DRA file to a repair order: preview, match
    addresses, vehicle and attachments, order, finish. Nothing is written
    outside the assistant before the last step, which creates or updates
    everything in one transaction.
    """

    _name = "dra.import.wizard"
    _description = "DRA Takeover Assistant"

    step = fields.Selection(STEPS, default="preview", required=True)
    dra_file = fields.Binary(string="DRA File", attachment=False)
    dra_filename = fields.Char(string="File Name")
    loaded = fields.Boolean(readonly=True)
    error_message = fields.Text(readonly=True)
    warning_message = fields.Text(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    # Step marks (left column)
    preview_mark = fields.Selection(STEP_MARKS, compute="_compute_marks")
    addresses_mark = fields.Selection(STEP_MARKS, compute="_compute_marks")
    vehicle_mark = fields.Selection(STEP_MARKS, compute="_compute_marks")
    order_mark = fields.Selection(STEP_MARKS, compute="_compute_marks")
    finish_mark = fields.Selection(STEP_MARKS, compute="_compute_marks")
    can_confirm = fields.Boolean(compute="_compute_marks")

    # Header and order data of the file
    file_created_at = fields.Datetime(string="File Written At", readonly=True)
    file_source = fields.Char(string="Source", readonly=True)
    broker_id = fields.Many2one(
        "dra.broker",
        string="Claims Broker",
        default=lambda self: self.env.ref(
            "ig_soom_dra.broker_innovation_group", raise_if_not_found=False
        ),
    )
    broker_order_ref = fields.Char(string="Broker Order No.", readonly=True)
    soom_case_id = fields.Char(string="SOOM Case ID", readonly=True)
    order_kind = fields.Char(readonly=True)
    damage_kind = fields.Char(readonly=True)
    cover_type = fields.Selection(COVER_TYPES)
    policy_number = fields.Char()
    claim_number = fields.Char()
    damage_date = fields.Date(readonly=True)
    damage_description = fields.Text(readonly=True)
    deductible = fields.Float(readonly=True)
    roadworthy = fields.Selection(ROADWORTHINESS, readonly=True)
    courtesy_car_class = fields.Char(readonly=True)
    vehicle_location = fields.Char(readonly=True)
    placed_at = fields.Datetime(readonly=True)
    driver_phone = fields.Char(readonly=True)
    broker_services = fields.Text(readonly=True)
    broker_notes = fields.Text(readonly=True)

    # Lines
    party_ids = fields.One2many("dra.import.party", "wizard_id", string="Parties")
    attachment_ids = fields.One2many("dra.import.attachment", "wizard_id", string="Attachments")
    preview_attachment_id = fields.Many2one(
        "dra.import.attachment",
        string="Document",
        domain="[('wizard_id', '=', id)]",
    )
    preview_pdf = fields.Binary(related="preview_attachment_id.data", string="PDF Document")
    preview_image = fields.Binary(related="preview_attachment_id.preview_image", string="Image")
    preview_kind = fields.Selection(related="preview_attachment_id.kind")

    # Vehicle
    vehicle_plate = fields.Char(string="Licence Plate", readonly=True)
    vehicle_vin = fields.Char(string="VIN", readonly=True)
    vehicle_make = fields.Char(string="Make", readonly=True)
    vehicle_model = fields.Char(string="Model", readonly=True)
    vehicle_hsn = fields.Char(string="HSN", readonly=True)
    vehicle_tsn = fields.Char(string="TSN", readonly=True)
    vehicle_first_registration = fields.Date(string="First Registration", readonly=True)
    vehicle_odometer = fields.Integer(string="Odometer (km)", readonly=True)
    vehicle_color = fields.Char(string="Vehicle Colour", readonly=True)
    vehicle_id = fields.Many2one("fleet.vehicle", string="Known Vehicle", readonly=True)
    vehicle_action = fields.Selection(
        [
            ("link", "Link the known vehicle"),
            ("create", "Create a new vehicle"),
            ("none", "Keep the vehicle data on the order (no VIN)"),
        ],
        readonly=True,
    )

    # Order
    order_mode = fields.Selection(
        [("new", "Create a new order"), ("link", "Link to an existing order")],
        default="new",
    )
    initial_status = fields.Selection(WORKSHOP_STATUSES, default="kv")
    existing_order_id = fields.Many2one(
        "repair.order",
        domain="[('company_id', '=', company_id), ('state', 'not in', ('done', 'cancel'))]",
    )
    duplicate_order_id = fields.Many2one(
        "repair.order",
        string="Already Imported As",
        readonly=True,
        help="An order with this broker order number exists: the import updates it.",
    )
    proposal_reason = fields.Char(readonly=True)
    change_summary = fields.Html(compute="_compute_change_summary", sanitize=False)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "loaded",
        "error_message",
        "party_ids.status",
        "broker_id",
        "order_mode",
        "existing_order_id",
        "duplicate_order_id",
        "initial_status",
    )
    def _compute_marks(self):
        for wizard in self:
            loaded = wizard.loaded and not wizard.error_message
            addresses_ok = loaded and not any(
                line.status in ("orange", "red") for line in wizard.party_ids
            )
            order_ok = (
                loaded
                and wizard.broker_id
                and (
                    (wizard.order_mode == "new" and not wizard.duplicate_order_id)
                    or (wizard.order_mode == "link" and wizard.existing_order_id)
                )
            )
            wizard.preview_mark = "done" if loaded else "missing"
            wizard.addresses_mark = "done" if addresses_ok else "missing"
            wizard.vehicle_mark = "done" if loaded else "info"
            wizard.order_mark = "done" if order_ok else "missing"
            wizard.can_confirm = bool(loaded and addresses_ok and order_ok)
            wizard.finish_mark = "done" if wizard.can_confirm else "info"

    @api.depends("order_mode", "existing_order_id")
    def _compute_change_summary(self):
        for wizard in self:
            order = wizard.existing_order_id
            if wizard.order_mode != "link" or not order:
                wizard.change_summary = False
                continue
            rows = []
            new_values = wizard._order_values()
            for name, new in new_values.items():
                field = order._fields[name]
                old = order[name]
                old_cmp = old.id if field.type == "many2one" else old
                if (old_cmp or False) == (new or False):
                    continue
                rows.append(
                    (
                        field._description_string(self.env),
                        wizard._display_value(order, name, old),
                        wizard._display_value(order, name, new),
                    )
                )
            if not rows:
                wizard.change_summary = Markup("<p>%s</p>") % _(
                    "The order data of the file equal those of the order."
                )
                continue
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>") % row for row in rows
            )
            wizard.change_summary = Markup(
                '<table class="table table-sm o_dra_changes"><thead><tr>'
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (_("Field"), _("On the order"), _("From the file"), body)

    def _display_value(self, order, name, value):
        field = order._fields[name]
        if not value:
            return ""
        if field.type == "many2one":
            record = value if isinstance(value, models.BaseModel) else order[name].browse(value)
            return record.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return str(value)

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def _reopen(self):
        """Return the action that shows this assistant again, at its step."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("DRA Takeover Assistant"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context, dialog_size="extra-large"),
        }

    def action_next(self):
        self.ensure_one()
        if not self.loaded or self.error_message:
            return self.action_load_file()
        index = STEP_KEYS.index(self.step)
        if self.step == "addresses":
            self._check_addresses()
        if self.step == "order":
            self._check_order()
        self.step = STEP_KEYS[min(index + 1, len(STEP_KEYS) - 1)]
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        index = STEP_KEYS.index(self.step)
        self.step = STEP_KEYS[max(index - 1, 0)]
        return self._reopen()

    def action_goto_step(self):
        """Jump to the step given in the context (the left column)."""
        self.ensure_one()
        step = self.env.context.get("dra_step")
        if step not in STEP_KEYS:
            raise UserError(_("Unknown step."))
        if step != "preview" and not self.loaded:
            raise UserError(_("Load a DRA file first."))
        self.step = step
        return self._reopen()

    def action_rotate_preview(self):
        """Turn the previewed image by 90 degrees clockwise."""
        self.ensure_one()
        return self.preview_attachment_id.action_rotate()

    def _check_addresses(self):
        open_lines = self.party_ids.filtered(lambda line: line.status in ("orange", "red"))
        if open_lines:
            raise UserError(
                _(
                    "Check the addresses first. These parties are not assigned yet: %s",
                    ", ".join(open_lines.mapped("role_label")),
                )
            )

    def _check_order(self):
        if not self.broker_id:
            raise UserError(_("Choose the claims broker of the order."))
        if self.order_mode == "link" and not self.existing_order_id:
            raise UserError(_("Choose the existing order to link the file to."))
        if self.order_mode == "new" and self.duplicate_order_id:
            raise UserError(
                _(
                    "Order %(number)s was already imported as %(order)s. "
                    "The file updates that order; a second order is never created.",
                    number=self.broker_order_ref,
                    order=self.duplicate_order_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Loading the file
    # ------------------------------------------------------------------

    @api.model
    def _max_file_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("ig_soom_dra.max_file_size_mb")
        try:
            megabytes = int(value) if value else DEFAULT_MAX_SIZE_MB
        except ValueError:
            megabytes = DEFAULT_MAX_SIZE_MB
        return megabytes * 1024 * 1024

    def _error_text(self, error):
        """German (translated) message for a DraError of the reader."""
        details = error.details or {}
        messages = {
            "empty": _("The file is empty."),
            "too_large": _(
                "The file is larger than the allowed %(limit)s MB.",
                limit=self._max_file_size() // (1024 * 1024),
            ),
            "not_xml": _("The file is not an XML file, so it is not a DRA file."),
            "truncated": _(
                "The file is incomplete (it ends in the middle of the XML). "
                "Download it again from SOOM."
            ),
            "dtd_forbidden": _(
                "The file contains a DTD or entity declaration. Such files are refused "
                "for security reasons."
            ),
            "wrong_root": _("The file is an XML file, but not a DRA file."),
            "unsupported_version": _(
                "The DRA version %(version)s of the file is not supported (supported: 1.x).",
                version=details.get("version", "?"),
            ),
            "missing_order": _("The file has no order data (element Auftrag)."),
            "missing_order_number": _(
                "The file has no order number of the broker (element AuftragsNr)."
            ),
            "invalid_base64": _(
                "The attachment %(name)s of the file is damaged (invalid base64 content).",
                name=details.get("attachment", "?"),
            ),
        }
        return messages.get(error.code) or _("The DRA file cannot be read: %s", error)

    def _clear_file_data(self):
        self.party_ids.unlink()
        self.attachment_ids.unlink()
        self.write(
            {
                "loaded": False,
                "preview_attachment_id": False,
                "duplicate_order_id": False,
                "existing_order_id": False,
                "vehicle_id": False,
                "order_mode": "new",
                "proposal_reason": False,
                "warning_message": False,
            }
        )

    def action_load_file(self):
        """Read the chosen file; on bad input show why, in the first step."""
        self.ensure_one()
        self._clear_file_data()
        self.step = "preview"
        if not self.dra_file:
            self.error_message = (
                self._error_text(dra.DraError("empty", "The data is empty."))
                if self.dra_filename
                else _("Choose a DRA file first.")
            )
            return self._reopen()
        try:
            data = base64.b64decode(self.dra_file, validate=True)
        except (binascii.Error, ValueError):
            self.error_message = _("The file could not be uploaded completely.")
            return self._reopen()
        try:
            document = dra.parse_dra(data, max_size=self._max_file_size())
        except dra.DraError as error:
            _logger.info("DRA file %s refused: %s", self.dra_filename, error)
            self.error_message = self._error_text(error)
            return self._reopen()
        self.error_message = False
        self._fill_from_document(document)
        return self._reopen()

    @api.model
    def _local_to_utc(self, value):
        """DRA date-times are naive German local times; Odoo stores UTC."""
        if not value:
            return False
        berlin = pytz.timezone("Europe/Berlin")
        return berlin.localize(value).astimezone(pytz.utc).replace(tzinfo=None)

    def _fill_from_document(self, document):
        order, vehicle = document.order, document.vehicle
        services = "\n".join(
            " – ".join(part for part in (service.code, service.text) if part)
            for service in order.services
        )
        values = {
            "loaded": True,
            "file_created_at": self._local_to_utc(document.header.created_at),
            "file_source": document.header.source,
            "broker_order_ref": order.order_number,
            "soom_case_id": order.soom_case_id,
            "order_kind": order.order_kind,
            "damage_kind": order.damage_kind,
            "cover_type": DRA_COVER_TYPES.get((order.cover_type or "").strip().lower(), False),
            "policy_number": order.policy_number,
            "claim_number": order.claim_number,
            "damage_date": order.damage_date,
            "damage_description": order.damage_description,
            "deductible": float(order.deductible) if order.deductible is not None else 0.0,
            "roadworthy": DRA_ROADWORTHINESS.get((order.roadworthy or "").lower(), False),
            "courtesy_car_class": order.courtesy_car_class,
            "vehicle_location": order.vehicle_location,
            "placed_at": self._local_to_utc(order.placed_at),
            "driver_phone": order.driver_phone,
            "broker_services": services or False,
            "broker_notes": order.notes,
            "warning_message": "\n".join(document.warnings) or False,
        }
        if vehicle:
            values.update(
                {
                    "vehicle_plate": vehicle.plate,
                    "vehicle_vin": matching.normalize_vin(vehicle.vin) or False,
                    "vehicle_make": vehicle.make,
                    "vehicle_model": vehicle.model,
                    "vehicle_hsn": vehicle.hsn,
                    "vehicle_tsn": vehicle.tsn,
                    "vehicle_first_registration": vehicle.first_registration,
                    "vehicle_odometer": vehicle.odometer or 0,
                    "vehicle_color": vehicle.color,
                }
            )
        if order.cover_type and not values["cover_type"]:
            values["warning_message"] = "\n".join(
                filter(
                    None,
                    [
                        values["warning_message"],
                        _("Unknown cover type in the file: %s", order.cover_type),
                    ],
                )
            )
        values["party_ids"] = [
            Command.create(self.env["dra.import.party"]._values_from_dra(role, sequence, party))
            for sequence, (role, party) in enumerate(
                (role, document.parties.get(role)) for role in dra.ROLES
            )
        ]
        values["attachment_ids"] = [
            Command.create(self.env["dra.import.attachment"]._values_from_dra(sequence, attachment))
            for sequence, attachment in enumerate(document.attachments)
        ]
        self.write(values)
        self.party_ids._match()
        self.party_ids._adopt_twins()
        self.preview_attachment_id = self.attachment_ids[:1]
        self._find_vehicle()
        self._propose_order()

    def _find_vehicle(self):
        vin = self.vehicle_vin
        if not vin:
            self.write({"vehicle_id": False, "vehicle_action": "none"})
            return
        vehicle = self.env["fleet.vehicle"]._find_by_vin(vin, self.company_id)
        self.write({"vehicle_id": vehicle.id, "vehicle_action": "link" if vehicle else "create"})

    def _propose_order(self):
        """Find the order that the file belongs to, if there is one."""
        Order = self.env["repair.order"]
        duplicate = Order.search(
            [
                ("company_id", "=", self.company_id.id),
                ("broker_id", "=", self.broker_id.id),
                ("broker_order_ref", "=", self.broker_order_ref),
            ],
            limit=1,
        )
        if duplicate:
            self.write(
                {
                    "duplicate_order_id": duplicate.id,
                    "existing_order_id": duplicate.id,
                    "order_mode": "link",
                    "proposal_reason": _(
                        "This order number was already imported: the order is updated."
                    ),
                }
            )
            return
        open_orders = [
            ("company_id", "=", self.company_id.id),
            ("state", "not in", ("done", "cancel")),
        ]
        criteria = [
            (_("same broker order number"), [("broker_order_ref", "=", self.broker_order_ref)]),
        ]
        if self.vehicle_vin:
            criteria.append(
                (
                    _("same VIN"),
                    [
                        "|",
                        ("vehicle_vin", "=ilike", self.vehicle_vin),
                        ("vehicle_id.vin_sn", "=ilike", self.vehicle_vin),
                    ],
                )
            )
        if self.vehicle_plate:
            criteria.append(
                (
                    _("same licence plate"),
                    [
                        "|",
                        ("vehicle_plate", "=ilike", self.vehicle_plate),
                        ("vehicle_id.license_plate", "=ilike", self.vehicle_plate),
                    ],
                )
            )
        for reason, domain in criteria:
            proposal = Order.search(open_orders + domain, limit=1, order="create_date desc")
            if proposal:
                self.write(
                    {
                        "existing_order_id": proposal.id,
                        "order_mode": "link",
                        "proposal_reason": _(
                            "Open order %(order)s has the %(reason)s: it is proposed.",
                            order=proposal.name,
                            reason=reason,
                        ),
                    }
                )
                return

    # ------------------------------------------------------------------
    # Takeover
    # ------------------------------------------------------------------

    def _order_values(self):
        """Values of the repair order taken from the file (no parties)."""
        values = {name: self[name] for name in ORDER_FIELDS}
        values["broker_id"] = self.broker_id.id
        values["broker_order_ref"] = self.broker_order_ref
        return {
            name: value.id if isinstance(value, models.BaseModel) else value
            for name, value in values.items()
        }

    def action_confirm(self):
        """Übernehmen und Auftrag öffnen: write everything in one transaction."""
        self.ensure_one()
        if not self.can_confirm:
            labels = dict(self._fields["step"]._description_selection(self.env))
            missing = [labels[key] for key in STEP_KEYS if self[f"{key}_mark"] == "missing"]
            raise UserError(
                _(
                    "The order can be taken over only when every step is complete. Missing: %s",
                    ", ".join(missing),
                )
            )
        self._check_addresses()
        self._check_order()
        try:
            with self.env.cr.savepoint():
                order = self._takeover()
        except UniqueViolation as error:
            raise UserError(
                _(
                    "Order %s was taken over by someone else at the same moment. "
                    "Nothing was changed: start the import again to update that order.",
                    self.broker_order_ref,
                )
            ) from error
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _takeover(self):
        partners, created = self.party_ids._resolve_partners()
        vehicle, vehicle_note = self._takeover_vehicle()
        values = self._order_values()
        values.update(
            {
                PARTY_ROLE_FIELDS[role]: partner.id
                for role, partner in partners.items()
                if role in PARTY_ROLE_FIELDS
            }
        )
        values.update(
            {
                "vehicle_id": vehicle.id or False,
                "dra_file": self.dra_file,
                "dra_filename": self.dra_filename,
            }
        )
        if self.order_mode == "link":
            order = self.existing_order_id
            values = {key: value for key, value in values.items() if value or not order[key]}
            order.write(values)
            action_note = _("Order updated from the DRA file.")
        else:
            values.update(
                {
                    "company_id": self.company_id.id,
                    "workshop_status": self.initial_status,
                }
            )
            values.setdefault("partner_id", False)
            order = self.env["repair.order"].create(values)
            action_note = _("Order created from the DRA file.")
        attachments = self.attachment_ids._takeover(order)
        self._post_summary(
            order,
            action_note=action_note,
            partners=partners,
            created=created,
            vehicle_note=vehicle_note,
            attachments=attachments,
        )
        return order

    def _takeover_vehicle(self):
        """Link or create the vehicle by the VIN rules; None without a VIN."""
        Vehicle = self.env["fleet.vehicle"]
        if self.vehicle_action == "none" or not self.vehicle_vin:
            return Vehicle, _("no VIN: the vehicle data stay on the order")
        vehicle, created = self.env["repair.order"]._find_or_create_vehicle(
            self, self.vehicle_vin, self.company_id
        )
        if created:
            note = _("new vehicle %s created", vehicle.display_name)
        else:
            note = _("linked to the known vehicle %s", vehicle.display_name)
        return vehicle, note

    def _post_summary(self, order, *, action_note, partners, created, vehicle_note, attachments):
        role_labels = dict(
            self.env["dra.import.party"]._fields["role"]._description_selection(self.env)
        )
        how = {True: _("created"), False: _("assigned")}
        party_items = Markup("").join(
            Markup("<li>%s: %s (%s)</li>")
            % (role_labels[role], partner.display_name, how[partner in created])
            for role, partner in partners.items()
        )
        attachment_items = Markup("").join(
            Markup("<li>%s (%s)</li>")
            % (attachment.name, dict(DRA_DOCUMENT_TYPES).get(attachment.dra_document_type, ""))
            for attachment in attachments
        )
        body = Markup(
            "<p><b>%s</b></p><p>%s: %s</p><p>%s:</p><ul>%s</ul><p>%s: %s</p><p>%s:</p><ul>%s</ul>"
        ) % (
            action_note,
            _("File"),
            self.dra_filename or "",
            _("Contacts"),
            party_items,
            _("Vehicle"),
            vehicle_note,
            _("Attachments"),
            attachment_items or Markup("<li>%s</li>") % _("none"),
        )
        order.message_post(body=body, subtype_xmlid="mail.mt_note")
