# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import escape_psql, format_amount, formatLang

from ..core import dra, files, matching, order_data
from ..formatting import format_local_date, format_local_datetime
from ..models.repair_order import PARTY_ROLE_FIELDS, WORKSHOP_STATUSES
from .dra_import_party import AddressesChanged

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

DEFAULT_MAX_SIZE_MB = 100
#: Uploads that never became a takeover are deleted after this time.
UPLOAD_LIFETIME = timedelta(days=1)


class DraImportWizard(models.TransientModel):
    """The DRA takeover assistant ("DRA Übernahmeassistent").

    Five steps lead from a DRA file to a repair order: preview, match
    addresses, vehicle and attachments, order, finish. Nothing is written
    outside the assistant before the last step, which creates or updates
    everything in one transaction.
    """

    _name = "dra.import.wizard"
    _inherit = ["ig.repair.order.data"]
    _description = "DRA Takeover Assistant"

    step = fields.Selection(STEPS, default="preview", required=True)
    dra_attachment_id = fields.Many2one(
        "ir.attachment",
        string="DRA File",
        ondelete="set null",
        help="The DRA file as uploaded (/ig_soom_dra/dra_upload), kept in the filestore.",
    )
    dra_filename = fields.Char(string="File Name", readonly=True)
    max_file_size = fields.Integer(
        compute="_compute_max_file_size", help="Largest DRA file accepted, in bytes."
    )
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
        default=lambda self: self.env.ref(
            "ig_soom_dra.broker_innovation_group", raise_if_not_found=False
        ),
    )

    # Lines
    party_ids = fields.One2many("dra.import.party", "wizard_id", string="Parties")
    attachment_ids = fields.One2many("dra.import.attachment", "wizard_id", string="Attachments")
    preview_attachment_id = fields.Many2one(
        "dra.import.attachment",
        string="Document",
        domain="[('wizard_id', '=', id)]",
    )
    preview_pdf = fields.Binary(
        related="preview_attachment_id.data", string="PDF Document", related_sudo=False
    )
    preview_image = fields.Binary(
        related="preview_attachment_id.preview_image", string="Image", related_sudo=False
    )
    preview_kind = fields.Selection(related="preview_attachment_id.kind", related_sudo=False)
    preview_rotation = fields.Integer(related="preview_attachment_id.rotation", related_sudo=False)

    # Vehicle
    vehicle_id = fields.Many2one("fleet.vehicle", string="Known Vehicle", readonly=True)
    vin_invalid = fields.Boolean(
        compute="_compute_vin_invalid", help="The VIN is given but not a valid VIN."
    )
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
    initial_status = fields.Selection(
        WORKSHOP_STATUSES,
        compute="_compute_initial_status",
        store=True,
        readonly=False,
        help="The workshop status of the order after the takeover. A linked order keeps "
        "its own status unless another one is chosen; one without a status gets KV.",
    )
    existing_order_id = fields.Many2one(
        "repair.order",
        domain="[('company_id', '=', company_id), ('state', 'not in', ('done', 'cancel')),"
        " '|', ('broker_order_ref', '=', False), ('broker_order_ref', '=', broker_order_ref),"
        " '|', ('soom_case_id', '=', False), ('soom_case_id', '=', soom_case_id)]",
        help="Only open orders without another broker order number or SOOM case can take the file.",
    )
    duplicate_order_id = fields.Many2one(
        "repair.order",
        string="Already Imported As",
        readonly=True,
        help="An order with this broker order number exists: the import updates it.",
    )
    proposal_reason = fields.Char(readonly=True)
    queue_line_id = fields.Many2one(
        "dra.import.queue.line",
        string="Import Queue Entry",
        readonly=True,
        ondelete="set null",
        help="The entry of an import of many files that this assistant takes over.",
    )
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

    @api.depends("vehicle_vin")
    def _compute_vin_invalid(self):
        for wizard in self:
            wizard.vin_invalid = bool(wizard.vehicle_vin) and not matching.is_valid_vin(
                wizard.vehicle_vin
            )

    @api.depends("order_mode", "existing_order_id")
    def _compute_initial_status(self):
        for wizard in self:
            linked = wizard.existing_order_id if wizard.order_mode == "link" else None
            wizard.initial_status = (linked and linked.workshop_status) or "kv"

    def _compute_max_file_size(self):
        self.max_file_size = self._max_file_size()

    @api.depends(lambda self: ["order_mode", "existing_order_id", *self._ig_order_data_fields()])
    @api.depends_context("lang", "tz")
    def _compute_change_summary(self):
        """What taking the file over changes on the linked order.

        It depends on every field of the file it compares. The order's side
        is read afresh in each request: Odoo does not let changes of a
        regular model trigger computes of a transient one.
        """
        for wizard in self:
            order = wizard.existing_order_id
            if wizard.order_mode != "link" or not order:
                wizard.change_summary = False
                continue
            rows = []
            for name, new in wizard._order_values().items():
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
            wizard.change_summary = self.env["ir.qweb"]._render(
                "ig_soom_dra.dra_import_change_summary", {"rows": rows}
            )

    def _display_value(self, order, name, value):
        """A value of the order's field ``name`` as the user reads it: records by
        name, choices by label, dates, amounts and numbers in the user's format."""
        field = order._fields[name]
        if not value:
            return ""
        if field.type == "many2one":
            record = value if isinstance(value, models.BaseModel) else order[name].browse(value)
            return record.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return format_local_date(self.env, value)
        if field.type == "datetime":
            return format_local_datetime(self.env, value)
        if field.type == "monetary":
            currency = order[field.get_currency_field(order)] or order.company_id.currency_id
            return format_amount(self.env, value, currency)
        if field.type == "integer":
            return formatLang(self.env, value, digits=0)
        if field.type == "float":
            return formatLang(self.env, value)
        return str(value)

    # ------------------------------------------------------------------
    # Vehicle step: the VIN entered or corrected by the user
    # ------------------------------------------------------------------

    @api.onchange("vehicle_vin")
    def _onchange_vehicle_vin(self):
        """Normalise the VIN entered, look the vehicle up again, warn when it is not valid."""
        vin = matching.normalize_vin(self.vehicle_vin) or False
        if vin != self.vehicle_vin:
            self.vehicle_vin = vin
        self._find_vehicle()
        if vin and not matching.is_valid_vin(vin):
            return {
                "warning": {
                    "title": _("Invalid VIN"),
                    "message": _(
                        "%s is not a valid VIN: 17 letters and digits, without I, O and Q. "
                        "No vehicle is looked up or created with it.",
                        vin,
                    ),
                }
            }

    def write(self, vals):
        if "vehicle_vin" in vals:
            vals = dict(vals, vehicle_vin=matching.normalize_vin(vals["vehicle_vin"]) or False)
        result = super().write(vals)
        if "vehicle_vin" in vals and not {"loaded", "vehicle_action"} & vals.keys():
            # a VIN changed by the user: the vehicle is looked up again, on the server
            for wizard in self.filtered("loaded"):
                wizard._find_vehicle()
        return result

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------

    def _reopen(self):
        """Return the action that shows this assistant again, at its step."""
        self.ensure_one()
        return self._get_records_action(
            name=_("DRA Takeover Assistant"),
            target="new",
            context=dict(self.env.context, dialog_size="extra-large"),
        )

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
        if self.order_mode == "link":
            self._check_linkable(self.existing_order_id)
        if self.order_mode == "new" and self.duplicate_order_id:
            raise UserError(
                _(
                    "Order %(number)s was already imported as %(order)s. "
                    "The file updates that order; a second order is never created.",
                    number=self.broker_order_ref,
                    order=self.duplicate_order_id.name,
                )
            )

    def _check_linkable(self, order):
        """Refuse to link the file to ``order`` when it belongs to another broker
        order or SOOM case, is closed, or is of another company."""
        if order.filtered_domain(self._linkable_domain()):
            return
        if order.broker_order_ref and order.broker_order_ref != self.broker_order_ref:
            raise UserError(
                _(
                    "Order %(order)s belongs to broker order number %(other)s. The file of "
                    "order number %(number)s cannot be linked to it: that would overwrite "
                    "the other order. Create a new order instead.",
                    order=order.name,
                    other=order.broker_order_ref,
                    number=self.broker_order_ref,
                )
            )
        if order.soom_case_id and order.soom_case_id != self.soom_case_id:
            raise UserError(
                _(
                    "Order %(order)s belongs to another SOOM case (%(case)s). The file cannot "
                    "be linked to it. Create a new order instead.",
                    order=order.name,
                    case=order.soom_case_id,
                )
            )
        raise UserError(
            _(
                "The file cannot be linked to order %s: it is closed, of another claims "
                "broker or of another company. Create a new order instead.",
                order.name,
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

    @api.model
    def _too_large_message(self):
        return _(
            "The file is larger than the allowed %(limit)s MB.",
            limit=self._max_file_size() // (1024 * 1024),
        )

    def _error_text(self, error):
        """German (translated) message for a DraError of the reader."""
        details = error.details or {}
        messages = {
            "empty": _("The file is empty."),
            "too_large": self._too_large_message(),
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
            "bad_encoding": _(
                "The text of the file is not valid in its declared encoding %(encoding)s "
                "(line %(line)s). Download the file again from SOOM, or ask the sender for "
                "a correct file.",
                encoding=details.get("encoding") or "UTF-8",
                line=details.get("line") or "?",
            ),
            "too_complex": _(
                "The file has more %(what)s than the %(limit)s allowed; no DRA file does. It "
                "is refused for the safety of the system.",
                what={
                    "attributes": _("attributes in one element"),
                    "elements": _("elements"),
                    "attachments": _("attachments"),
                }.get(details.get("what"), details.get("what", "?")),
                limit=details.get("limit", "?"),
            ),
            "too_deep": _(
                "The file nests its elements more than %(depth)s levels deep. A DRA file "
                "never does: it is refused.",
                depth=details.get("max_depth", "?"),
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

    @api.model
    def _store_upload(self, filename, data):
        """Keep an uploaded DRA file as an attachment of the current user, for an assistant.

        Used by the upload route and for the files downloaded from a portal.
        Raises ``UserError`` for a file over the size limit, before storing it.
        """
        self.check_access("create")
        if len(data) > self._max_file_size():
            raise UserError(self._too_large_message())
        return (
            self.env["ir.attachment"]
            .with_context(ig_soom_dra_no_index=True)
            .create(
                {
                    "name": files.safe_filename(filename or "") or "KSR.xml",
                    "raw": data,
                    "mimetype": "application/xml",
                    "res_model": self._name,
                    "res_id": 0,
                }
            )
            .with_context(ig_soom_dra_no_index=False)
        )

    def _upload(self):
        """The uploaded DRA file of this assistant, if the current user uploaded it.

        The attachment id comes from the browser: an attachment of somebody
        else, or of another record, is refused, so that the assistant can
        read nothing but the user's own upload.
        """
        self.ensure_one()
        upload = self.dra_attachment_id.sudo()
        if not (
            upload.exists()
            and upload.res_model == self._name
            and upload.res_id in (0, self.id)
            and not upload.res_field
            and upload.create_uid == self.env.user
        ):
            raise UserError(_("The DRA file is no longer available. Choose it again."))
        return upload

    def _check_company(self):
        """The assistant works for a company of the user only: its contacts
        are the candidates, its orders the ones that can be linked."""
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                _("You cannot import a DRA file for the company %s.", self.company_id.name)
            )

    def action_load_file(self):
        """Read the chosen file; on bad input show why, in the first step."""
        self.ensure_one()
        self._check_company()
        self._clear_file_data()
        self.step = "preview"
        if not self.dra_attachment_id:
            self.error_message = _("Choose a DRA file first.")
            return self._reopen()
        upload = self._upload()
        upload.res_id = self.id
        self.dra_filename = upload.name
        # the size is known before the file is read
        if upload.file_size > self._max_file_size():
            self.error_message = self._too_large_message()
            return self._reopen()
        try:
            document = dra.parse_dra(upload.raw or b"", max_size=self._max_file_size())
        except dra.DraError as error:
            _logger.info("DRA file %s refused: %s", self.dra_filename, error)
            self.error_message = self._error_text(error)
            return self._reopen()
        self.error_message = False
        self._fill_from_document(document)
        return self._reopen()

    @api.autovacuum
    def _gc_uploads(self):
        """Delete uploaded DRA files that never reached an assistant."""
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", 0),
                ("create_date", "<", fields.Datetime.now() - UPLOAD_LIFETIME),
            ]
        ).unlink()

    @api.model
    def _local_to_utc(self, value):
        """DRA date-times are naive German local times; Odoo stores UTC."""
        return order_data.to_utc(value) if value else False

    def _fill_from_document(self, document):
        order, vehicle = document.order, document.vehicle
        services = order_data.services_text(order.services)
        values = {
            "loaded": True,
            "file_created_at": self._local_to_utc(document.header.created_at),
            "file_source": document.header.source,
            "broker_order_ref": order.order_number,
            "soom_case_id": order.soom_case_id,
            "order_kind": order.order_kind,
            "damage_kind": order.damage_kind,
            "cover_type": order_data.cover_type_key(order.cover_type) or False,
            "policy_number": order.policy_number,
            "claim_number": order.claim_number,
            "damage_date": order.damage_date,
            "damage_description": order.damage_description,
            "deductible": float(order.deductible) if order.deductible is not None else 0.0,
            "roadworthy": order_data.roadworthy_key(order.roadworthy) or False,
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
                    "vehicle_vin": matching.normalize_vin(vehicle.vin) or vehicle.vin or False,
                    "vehicle_make": vehicle.make,
                    "vehicle_model": vehicle.model,
                    "vehicle_hsn": vehicle.hsn,
                    "vehicle_tsn": vehicle.tsn,
                    "vehicle_first_registration": vehicle.first_registration,
                    "vehicle_odometer": vehicle.odometer or 0,
                    "vehicle_color": vehicle.color,
                }
            )
        warnings = [values["warning_message"]]
        if order.cover_type and not values["cover_type"]:
            warnings.append(_("Unknown cover type in the file: %s", order.cover_type))
        if order.deductible_currency:
            currency = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", order.deductible_currency)], limit=1)
            )
            values["deductible_currency_id"] = currency.id
            if not currency:
                warnings.append(
                    _(
                        "Unknown currency of the deductible in the file: %s",
                        order.deductible_currency,
                    )
                )
        values["warning_message"] = "\n".join(filter(None, warnings)) or False
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
        for line, attachment in zip(
            self.attachment_ids.sorted("sequence"), document.attachments, strict=True
        ):
            line._store_content(attachment.content)
        self.party_ids._match()
        self.party_ids._adopt_twins()
        self.preview_attachment_id = self.attachment_ids[:1]
        self._find_vehicle()
        self._propose_order()

    def _find_vehicle(self):
        vin = self.vehicle_vin
        if not vin or not matching.is_valid_vin(vin):
            # an invalid VIN stays on the order as written; no vehicle is made from it
            self.write({"vehicle_id": False, "vehicle_action": "none"})
            return
        vehicle = self.env["fleet.vehicle"]._find_by_vin(vin, self.company_id)
        self.write({"vehicle_id": vehicle.id, "vehicle_action": "link" if vehicle else "create"})

    def _linkable_domain(self):
        """Orders this file may be linked to: open, of the assistant's company,
        and carrying no other broker order number or SOOM case."""
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "not in", ("done", "cancel")),
            "|",
            ("broker_order_ref", "=", False),
            ("broker_order_ref", "=", self.broker_order_ref),
            "|",
            ("soom_case_id", "=", False),
            ("soom_case_id", "=", self.soom_case_id or False),
            "|",
            ("broker_id", "=", False),
            ("broker_id", "=", self.broker_id.id),
        ]

    def _propose_order(self):
        """Find the order that the file belongs to, if there is one.

        Only an order the file may update is proposed: one that carries
        another broker order number is never proposed, whatever its VIN or
        plate. Look-ups by VIN and plate compare the values as they are
        (LIKE wildcards in them are escaped).
        """
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
        open_orders = self._linkable_domain()
        criteria = [
            (_("same broker order number"), [("broker_order_ref", "=", self.broker_order_ref)]),
        ]
        if self.vehicle_vin:
            criteria.append(
                (
                    _("same VIN"),
                    [
                        "|",
                        ("vehicle_vin", "=ilike", escape_psql(self.vehicle_vin)),
                        ("vehicle_id.vin_sn", "=ilike", escape_psql(self.vehicle_vin)),
                    ],
                )
            )
        if self.vehicle_plate:
            criteria.append(
                (
                    _("same licence plate"),
                    [
                        "|",
                        ("vehicle_plate", "=ilike", escape_psql(self.vehicle_plate)),
                        ("vehicle_id.license_plate", "=ilike", escape_psql(self.vehicle_plate)),
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
        """Values of the repair order taken from the file: its order data (no parties)."""
        values = {name: self[name] for name in self._ig_order_data_fields()}
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
        self._check_company()
        self._check_addresses()
        self._check_order()
        self._check_file_unchanged()
        try:
            with self.env.cr.savepoint():
                order = self._takeover()
        except AddressesChanged as changed:
            return self._addresses_changed(changed)
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

    def _check_file_unchanged(self):
        """The order the assistant takes over is the order of its file.

        The file is read again: its order number, SOOM case and source must be
        those the assistant holds (fields that the web client shows read-only,
        but that a request could change), so that the file never updates an
        order it does not belong to, nor passes for SOOM's when it is not.
        """
        try:
            document = dra.parse_dra(self._upload().raw or b"", max_size=self._max_file_size())
        except dra.DraError as error:
            raise UserError(self._error_text(error)) from error
        if (
            document.order.order_number,
            document.order.soom_case_id or False,
            document.header.source or False,
        ) != (self.broker_order_ref, self.soom_case_id or False, self.file_source or False):
            raise UserError(
                _(
                    "The order data of the assistant no longer match its DRA file. Load the "
                    "file again."
                )
            )

    def _addresses_changed(self, changed):
        """Back to the address step: a contact like one to be created appeared meanwhile."""
        line = changed.line
        line._match()
        self.write(
            {
                "step": "addresses",
                "warning_message": _(
                    "Since the file was loaded, %(contacts)s was created with the name and "
                    "postcode of the %(role)s. Check the address again: nothing was taken "
                    "over yet.",
                    contacts=", ".join(changed.partners.mapped("display_name")),
                    role=line.role_label,
                ),
            }
        )
        return self._reopen()

    def _lock_existing_order(self):
        """Lock the order the file is linked to and check it again.

        Two files linked to the same order at the same moment: the second
        waits for the first, then fails to serialise and Odoo runs it again,
        seeing the order number the first one wrote (and refusing).
        """
        order = self.existing_order_id
        self.env.cr.execute("SELECT id FROM repair_order WHERE id = %s FOR UPDATE", [order.id])
        order.invalidate_recordset()
        self._check_linkable(order)
        return order

    def _takeover(self):
        if self.order_mode == "link":
            self._lock_existing_order()
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
                "dra_filename": self.dra_filename,
                "workshop_status": self.initial_status,
            }
        )
        if self.order_mode == "link":
            order = self.existing_order_id
            values = {key: value for key, value in values.items() if value or not order[key]}
            order.write(values)
            action_note = _("Order updated from the DRA file.")
        else:
            values["company_id"] = self.company_id.id
            values.setdefault("partner_id", False)
            order = self.env["repair.order"].create(values)
            action_note = _("Order created from the DRA file.")
        # what SOOM wrote, SOOM holds; a file of another system (an export of
        # Odoo's, ``Quelle`` "Odoo") tells nothing of what SOOM holds
        if (self.file_source or "SOOM").strip().casefold() == "soom":
            order._soom_mark_from_dra_file([name for name, value in values.items() if value])
        self.party_ids._apply_partner_updates(order)
        upload = self._upload()
        order._ig_keep_dra_file(upload)
        self.queue_line_id._taken_over(order, upload)
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
        if self.vehicle_vin and not matching.is_valid_vin(self.vehicle_vin):
            return Vehicle, _(
                "the VIN %s is not valid: the vehicle data stay on the order as written",
                self.vehicle_vin,
            )
        if self.vehicle_action == "none" or not self.vehicle_vin:
            return Vehicle, _("no VIN: the vehicle data stay on the order")
        vehicle, created = self.env["fleet.vehicle"]._ig_find_or_create(
            self._ig_vehicle_data(), self.company_id
        )
        if created:
            note = _("new vehicle %s created", vehicle.display_name)
        else:
            note = _("linked to the known vehicle %s", vehicle.display_name)
        return vehicle, note

    def _post_summary(self, order, *, action_note, partners, created, vehicle_note, attachments):
        """Note in the order's chatter what the takeover did (template in
        ``views/ig_soom_dra_templates.xml``)."""
        roles = dict(self.env["dra.import.party"]._fields["role"]._description_selection(self.env))
        document_types = dict(
            self.env["ir.attachment"]._fields["dra_document_type"]._description_selection(self.env)
        )
        body = self.env["ir.qweb"]._render(
            "ig_soom_dra.message_dra_takeover",
            {
                "action_note": action_note,
                "filename": self.dra_filename or "",
                "parties": [
                    (roles[role], partner.display_name, partner in created)
                    for role, partner in partners.items()
                ],
                "vehicle_note": vehicle_note,
                "attachments": [
                    (attachment.name, document_types.get(attachment.dra_document_type))
                    for attachment in attachments
                ],
            },
        )
        order._ig_log_note(body)
