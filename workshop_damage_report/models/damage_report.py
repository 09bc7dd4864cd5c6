# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import logging
from datetime import timedelta
from urllib.parse import quote

import pytz

from odoo import SUPERUSER_ID, Command, _, api, fields, models
from odoo.addons.ig_soom_dra.core import matching
from odoo.addons.ig_soom_dra.core.portal import LOCAL_TIMEZONE
from odoo.addons.ig_soom_dra.formatting import format_local_datetime, local_tz_name
from odoo.exceptions import UserError
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import get_lang

from ..core import customer, export, photos, signature

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Draft"),
    ("link_sent", "Link Sent"),
    ("reported", "Reported"),
    ("appointment_proposed", "Appointment Proposed"),
    ("appointment_confirmed", "Appointment Confirmed"),
    ("order_created", "Order Created"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
#: States in which the customer may still change the report through the link.
CUSTOMER_EDITABLE_STATES = ("draft", "link_sent")
#: States in which the customer's link shows the report (read-only once sent).
LINK_OPEN_STATES = (
    "draft",
    "link_sent",
    "reported",
    "appointment_proposed",
    "appointment_confirmed",
    "order_created",
)
#: Longest text the customer enters in a one-line field.
CUSTOMER_TEXT_LIMIT = 200
#: The columns of the spreadsheet export, in order (see :meth:`DamageReport._export_xlsx`).
EXPORT_FIELDS = (
    "name",
    "state",
    "source",
    "reported_at",
    "company_id",
    "user_id",
    "customer_name",
    "customer_phone",
    "customer_email",
    "customer_street",
    "customer_zip",
    "customer_city",
    "partner_id",
    "license_plate",
    "vin",
    "vehicle_make",
    "vehicle_model",
    "first_registration",
    "odometer",
    "vehicle_id",
    "cover_type",
    "insurer_name",
    "claim_number",
    "reported_to_insurer",
    "broker_id",
    "damage_date",
    "damage_place",
    "damage_description",
    "photo_count",
    "preferred_slot_ids",
    "proposed_slot_ids",
    "appointment_at",
    "signed_form_ids",
    "privacy_consent_at",
    "withdrawal_notice_ack_at",
    "withdrawal_notice_sent_at",
    "early_start_requested_at",
    "early_start_ack_at",
    "link_sent_at",
    "link_expires_at",
    "repair_order_id",
    "broker_notified_at",
    "closed_at",
)
COVER_TYPES = [
    ("liability", "Liability (other party's insurance)"),
    ("comprehensive", "Comprehensive (own insurance)"),
    ("self_pay", "Self-pay"),
]


class DamageReport(models.Model):
    """A damage reported by a customer through the workshop's link."""

    _name = "damage.report"
    _description = "Damage Report"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "is_new desc, reported_at desc, id desc"
    _rec_name = "name"

    # --- the record -------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
    )
    is_new = fields.Boolean(
        string="New",
        copy=False,
        index=True,
        help="Reported by the customer and not yet opened by the workshop.",
    )
    source = fields.Selection(
        [("personal", "Personal Link"), ("public", "Standard Link")],
        default="personal",
        required=True,
        readonly=True,
    )
    step = fields.Char(
        copy=False, readonly=True, help="The last step of the web app the customer reached."
    )

    # --- the customer's link ---------------------------------------------
    link_expires_at = fields.Datetime(
        string="Link Valid Until", copy=False, tracking=True, readonly=True
    )
    link_revoked = fields.Boolean(copy=False, tracking=True, readonly=True)
    link_sent_at = fields.Datetime(string="Link Sent On", copy=False, readonly=True)
    requested_categories = fields.Char(
        copy=False,
        readonly=True,
        help="Photo categories the workshop asked for again (comma-separated codes).",
    )
    origin_ip_hash = fields.Char(
        copy=False,
        readonly=True,
        index=True,
        groups="base.group_system",
        help="Keyed hash of the address a standard-link report came from (rate limit).",
    )

    # --- customer ---------------------------------------------------------
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        tracking=True,
        check_company=True,
        help="The workshop's contact of this customer (prefilled, or matched at the order).",
    )
    customer_name = fields.Char(tracking=True)
    customer_phone = fields.Char(string="Phone")
    customer_email = fields.Char(string="E-mail")
    customer_street = fields.Char(string="Street")
    customer_zip = fields.Char(string="ZIP")
    customer_city = fields.Char(string="City")

    # --- vehicle ----------------------------------------------------------
    license_plate = fields.Char(tracking=True)
    vin = fields.Char(string="VIN")
    vehicle_make = fields.Char(string="Make")
    vehicle_model = fields.Char(string="Model")
    first_registration = fields.Date()
    odometer = fields.Integer(string="Odometer (km)")
    vehicle_id = fields.Many2one("fleet.vehicle", check_company=True)

    # --- cover ------------------------------------------------------------
    cover_type = fields.Selection(COVER_TYPES, string="Cover")
    insurer_name = fields.Char(string="Insurer")
    claim_number = fields.Char()
    reported_to_insurer = fields.Boolean(string="Already Reported to the Insurer")
    broker_id = fields.Many2one("dra.broker", string="Claims Broker", tracking=True)

    # --- the damage -------------------------------------------------------
    damage_description = fields.Text()
    damage_date = fields.Date()
    damage_place = fields.Char()

    # --- what the customer gave ------------------------------------------
    photo_ids = fields.One2many("damage.report.photo", "report_id", string="Photos")
    photo_count = fields.Integer(compute="_compute_photo_count")
    slot_ids = fields.One2many("damage.report.slot", "report_id", string="Dates")
    preferred_slot_ids = fields.One2many(
        "damage.report.slot",
        "report_id",
        string="Preferred Dates",
        domain=[("kind", "=", "preferred")],
    )
    proposed_slot_ids = fields.One2many(
        "damage.report.slot",
        "report_id",
        string="Proposed Dates",
        domain=[("kind", "=", "proposed")],
    )
    signed_form_ids = fields.One2many(
        "damage.report.signed.form", "report_id", string="Signed Forms"
    )
    privacy_consent_at = fields.Datetime(string="Privacy Consent On", readonly=True, copy=False)
    withdrawal_notice_ack_at = fields.Datetime(
        string="Cancellation Notice Acknowledged On", readonly=True, copy=False
    )
    withdrawal_notice_sent_at = fields.Datetime(
        string="Cancellation Notice Sent On", readonly=True, copy=False
    )
    early_start_requested_at = fields.Datetime(
        string="Early Start Requested On",
        readonly=True,
        copy=False,
        help="The customer asked for the work to start before the cancellation period ends.",
    )
    early_start_ack_at = fields.Datetime(
        string="Loss of Cancellation Right Acknowledged On",
        readonly=True,
        copy=False,
        help="The customer confirmed that the cancellation right ends on full performance.",
    )
    reported_at = fields.Datetime(string="Reported On", readonly=True, copy=False, index=True)

    # --- what the workshop did -------------------------------------------
    appointment_at = fields.Datetime(string="Appointment", tracking=True, copy=False)
    calendar_event_id = fields.Many2one("calendar.event", copy=False)
    repair_order_id = fields.Many2one("repair.order", tracking=True, copy=False, check_company=True)
    broker_notified_at = fields.Datetime(string="Broker Notified On", readonly=True, copy=False)
    closed_at = fields.Datetime(string="Closed On", readonly=True, copy=False)
    notify_user_id = fields.Many2one(
        "res.users",
        compute="_compute_notify_user_id",
        string="Notified User",
        help="Gets the activity and the e-mail when the customer has sent the report: the "
        "responsible, or the company's user notified of new reports.",
    )
    link_url = fields.Char(
        string="Customer Link",
        compute="_compute_link_url",
        help="The customer's personal link, while it is valid.",
    )
    whatsapp_url = fields.Char(string="WhatsApp Link", compute="_compute_link_url")

    _sql_constraints = [
        ("odometer_positive", "CHECK(odometer >= 0)", "The odometer reading cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # CRUD and computes
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "damage.report"
                ) or _("New")
        return super().create(vals_list)

    @api.depends("photo_ids")
    def _compute_photo_count(self):
        for report in self:
            report.photo_count = len(report.photo_ids)

    def _expand_states(self, states, domain):
        """Every column of the inbox but "cancelled" (shown only when it has reports)."""
        return [code for code, _label in STATES if code != "cancelled" or code in states]

    @api.depends("user_id", "company_id.damage_report_notify_user_id")
    def _compute_notify_user_id(self):
        for report in self:
            user = report.user_id
            if not user or user.share or not user.active:
                user = report.company_id.damage_report_notify_user_id
            report.notify_user_id = user

    @api.depends(
        "access_token", "link_revoked", "link_expires_at", "state", "customer_phone", "company_id"
    )
    def _compute_link_url(self):
        for report in self:
            if not report.id or not report._link_valid(report.access_token):
                report.link_url = False
                report.whatsapp_url = False
                continue
            base_url = report.get_base_url()
            report.link_url = f"{base_url}/schadenmeldung/r/{report.id}/{report.access_token}"
            text = report.with_context(lang=report._customer_lang())._whatsapp_text()
            region = report.company_id.country_id.code or "DE"
            phone = report.customer_phone and matching.normalize_phone(
                report.customer_phone, region
            )
            report.whatsapp_url = f"https://wa.me/{phone or ''}?text={quote(text)}"

    def _compute_access_url(self):
        for report in self:
            report.access_url = f"/schadenmeldung/r/{report.id}"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Only those who may read the report reach its messages and
        attachments through the chatter's routes. Portal lets an access
        token (or a signed partner hash) in as superuser; here the token is
        the customer's key to the web app, which has no chatter: with it a
        stranger holding an old link could read or post messages even after
        the link expired or was revoked."""
        report = self.browse(thread_id)
        if report.exists() and report.sudo(False).has_access(mode):
            return report
        return self.browse()

    # ------------------------------------------------------------------
    # The customer's link
    # ------------------------------------------------------------------

    def _link_url(self):
        """The customer's personal link (absolute), with a fresh expiry if needed."""
        self.ensure_one()
        token = self._portal_ensure_token()
        return f"{self.get_base_url()}/schadenmeldung/r/{self.id}/{token}"

    def _link_valid(self, token):
        """Whether ``token`` opens this report now: the right token, not
        revoked, not expired, and the report still open."""
        self.ensure_one()
        return bool(
            token
            and self.access_token
            and consteq(self.access_token, token)
            and not self.link_revoked
            and (not self.link_expires_at or self.link_expires_at > fields.Datetime.now())
            and self.state in LINK_OPEN_STATES
        )

    def _link_validity_days(self):
        self.ensure_one()
        return self.company_id.damage_report_link_days or 14

    def _renew_link(self):
        """A valid link again: not revoked, a token, expiring in the company's days."""
        for report in self:
            report._portal_ensure_token()
            report.write(
                {
                    "link_revoked": False,
                    "link_expires_at": fields.Datetime.now()
                    + timedelta(days=report._link_validity_days()),
                }
            )

    def _customer_editable(self):
        self.ensure_one()
        return self.state in CUSTOMER_EDITABLE_STATES

    def _check_customer_editable(self):
        for report in self:
            if not report._customer_editable():
                raise UserError(_("This damage report has been sent and can no longer be changed."))

    def _add_photo(self, category, data, filename=None):
        """Add a photo the customer uploaded: checked and re-encoded by
        :func:`core.photos.normalize` (upright, no location data), then
        stored. A refused upload raises ``UserError`` with a clear message
        and stores nothing."""
        self.ensure_one()
        self._check_customer_editable()
        limit = self.company_id.damage_report_max_photos or photos.MAX_PHOTOS
        try:
            if len(self.photo_ids) >= limit:
                raise photos.PhotoError("too_many", limit=limit)
            image = photos.normalize(data)
        except photos.PhotoError as error:
            raise UserError(self.env["damage.report.photo"]._error_message(error)) from error
        return self.env["damage.report.photo"].create(
            {
                "report_id": self.id,
                "category": category,
                "image_data": base64.b64encode(image.data),
                "width": image.width,
                "height": image.height,
                "name": filename or f"{category}.jpg",
            }
        )

    # ------------------------------------------------------------------
    # Texts and times for the customer and the workshop
    # ------------------------------------------------------------------

    def _customer_lang(self):
        """The language of the customer's texts: the company's (German)."""
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.lang

    def _whatsapp_text(self):
        """The message offered with the link in WhatsApp (in the context's language)."""
        self.ensure_one()
        return _(
            "Hello, please report the damage to your vehicle to %(company)s here: %(link)s",
            company=self.company_id.name,
            link=self.link_url,
        )

    def _local_datetime(self, value, tz=None):
        """``value`` (naive UTC) for a person: in ``tz`` (default: the company's
        time zone, the customer's) and the context's language format."""
        self.ensure_one()
        env = self.with_context(tz=tz or self._customer_tz()).env
        return format_local_datetime(env, value, seconds=False)

    # ------------------------------------------------------------------
    # The workshop's actions
    # ------------------------------------------------------------------

    def write(self, vals):
        """A workshop user who changes a report has seen it: it is no longer new.
        (The customer's app and the scheduled actions write as superuser.)"""
        if "is_new" not in vals and not self.env.su and self.env.user._is_internal():
            vals = dict(vals, is_new=False)
        return super().write(vals)

    def _send_link_mail(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for report in self:
            template.send_mail(
                report.id, force_send=False, email_layout_xmlid="mail.mail_notification_light"
            )
            report.message_post(
                body=_("Link sent to %(email)s.", email=report.customer_email),
                subtype_xmlid="mail.mt_note",
            )

    def _check_can_send_link(self):
        for report in self:
            if not report.customer_email:
                raise UserError(_("Enter the customer's e-mail address of %s first.", report.name))
            if report.state not in LINK_OPEN_STATES:
                raise UserError(_("The damage report %s is closed.", report.name))

    def action_send_link(self):
        """Send the customer's personal link by e-mail: a valid link, state
        "link sent"."""
        self._check_can_send_link()
        self._renew_link()
        self.filtered(lambda report: report.state == "draft").write({"state": "link_sent"})
        self.write({"link_sent_at": fields.Datetime.now()})
        self._send_link_mail("workshop_damage_report.mail_template_damage_report_link")
        return True

    def action_resend_link(self):
        """Send the link again: a new token if it was revoked, a new expiry."""
        return self.action_send_link()

    def action_renew_link(self):
        """A valid link to copy or share (new token if revoked, new expiry),
        without an e-mail."""
        for report in self:
            if report.state not in LINK_OPEN_STATES:
                raise UserError(_("The damage report %s is closed.", report.name))
        self._renew_link()
        self.filtered(lambda report: report.state == "draft").write({"state": "link_sent"})
        return True

    def action_revoke_link(self):
        """The link no longer opens the report; sending it again makes a new one."""
        self.write({"link_revoked": True, "access_token": False})
        self.message_post(body=_("Link revoked."), subtype_xmlid="mail.mt_note")
        return True

    def action_mark_read(self):
        self.write({"is_new": False})
        return True

    def action_close(self):
        """Close the reports by hand (or when their repair order is done)."""
        self.filtered(lambda report: report.state not in ("closed", "cancelled")).write(
            {"state": "closed", "closed_at": fields.Datetime.now(), "is_new": False}
        )
        return True

    def action_cancel(self):
        self.filtered(lambda report: report.state != "closed").write(
            {"state": "cancelled", "is_new": False}
        )
        return True

    def action_request_photos(self):
        """The wizard asking the customer for more photos."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Request More Photos"),
            "res_model": "damage.report.photo.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_id": self.id},
        }

    def _request_photos(self, categories, note=None):
        """Ask the customer for photos of ``categories`` (codes): the report is
        editable again, its link renewed and sent."""
        self.ensure_one()
        self._check_can_send_link()
        self.write(
            {
                "requested_categories": ",".join(categories),
                "state": "link_sent",
                "link_sent_at": fields.Datetime.now(),
            }
        )
        self._renew_link()
        self.env.ref("workshop_damage_report.mail_template_damage_report_photos").with_context(
            damage_report_note=note or ""
        ).send_mail(self.id, force_send=False, email_layout_xmlid="mail.mail_notification_light")
        self.message_post(
            body=_(
                "More photos requested from %(email)s: %(categories)s",
                email=self.customer_email,
                categories=", ".join(self._requested_category_labels()),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _requested_category_labels(self):
        self.ensure_one()
        category = self.env["damage.report.photo"]._fields["category"]
        labels = dict(category._description_selection(self.env))
        codes = (self.requested_categories or "").split(",")
        return [labels[code] for code in codes if code in labels]

    def action_download_photos(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/damage_report/{self.id}/photos.zip",
            "target": "download",
        }

    def action_export_xlsx(self):
        """Download the selected reports as a spreadsheet (see ``core.export``)."""
        ids = ",".join(str(report_id) for report_id in self.ids)
        return {
            "type": "ir.actions.act_url",
            "url": f"/damage_report/export.xlsx?ids={ids}",
            "target": "download",
        }

    def _export_xlsx(self):
        """These reports as a spreadsheet (bytes): one row per report, a
        column per field of :data:`EXPORT_FIELDS`; headers in the user's
        language, date-times in the user's time zone and language format."""
        lang = get_lang(self.env)
        tz = pytz.timezone(local_tz_name(self.env))
        descriptions = self.fields_get(list(EXPORT_FIELDS), attributes=["string", "selection"])
        headers = [descriptions[name]["string"] for name in EXPORT_FIELDS]
        rows = [
            [report._export_value(name, descriptions[name], tz) for name in EXPORT_FIELDS]
            for report in self
        ]
        return export.build_xlsx(
            headers,
            rows,
            date_format=lang.date_format,
            datetime_format=f"{lang.date_format} {lang.short_time_format}",
            sheet_name=_("Damage Reports"),
        )

    def _export_value(self, name, description, tz):
        field = self._fields[name]
        value = self[name]
        if field.type == "boolean":
            return bool(value)
        if field.type in ("integer", "float"):
            return value
        if not value:
            return None
        if field.type == "datetime":
            return pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
        if field.type == "selection":
            return dict(description["selection"]).get(value, value)
        if field.type == "many2one":
            return value.display_name
        if field.comodel_name == "damage.report.slot":
            return "; ".join(
                format_local_datetime(self.env, slot.start, seconds=False) for slot in value
            )
        if field.comodel_name == "damage.report.signed.form":
            return "; ".join(
                f"{form.template_id.display_name} {form.version} "
                f"({format_local_datetime(self.env, form.signed_at, seconds=False)})"
                for form in value
            )
        return value

    # ------------------------------------------------------------------
    # Data protection
    # ------------------------------------------------------------------

    @api.model
    def _cron_delete_expired(self):
        """Delete the reports that never became a repair order and were not
        changed for the company's retention days: the report with its photos,
        dates, signed forms, their files, its messages and activities. A
        report with a repair order is kept: it follows the order. Each deleted
        report is logged by its reference (no personal data), then the count."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([]):
            days = company.damage_report_retention_days
            if days <= 0:
                continue
            reports = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("repair_order_id", "=", False),
                        ("state", "!=", "order_created"),
                        ("write_date", "<", now - timedelta(days=days)),
                    ]
                )
            )
            if reports:
                reports._delete_personal_data(days)

    def _delete_personal_data(self, days):
        for report in self:
            _logger.info(
                "Damage report %s (id %s, %s) deleted after %s days without a repair order: "
                "%s photos, %s signed forms",
                report.name,
                report.id,
                report.state,
                days,
                len(report.photo_ids),
                len(report.signed_form_ids),
            )
        # the photos' and forms' own unlink removes their files (a cascade would not)
        files = self.signed_form_ids.attachment_id | self.env["ir.attachment"].search(
            [("res_model", "=", "damage.report"), ("res_id", "in", self.ids)]
        )
        events = self.calendar_event_id
        count = len(self)
        self.photo_ids.unlink()
        self.signed_form_ids.unlink()
        self.unlink()
        files.exists().unlink()
        events.exists().unlink()
        _logger.info("Damage reports: %s deleted (retention %s days)", count, days)

    # ------------------------------------------------------------------
    # Contracts between the parts of the addon (each filled by its owner)
    # ------------------------------------------------------------------

    def _customer_write(self, step, values):
        """Write what the customer entered on ``step`` of the web app: only
        the fields that step allows, validated. (Public app.)

        ``values`` are the strings of the step's form; a key not listed for
        the step is ignored. On ``dates``: ``date_1``/``time_1`` to
        ``date_3``/``time_3``, in the company's time zone, replace the
        preferred dates. On ``forms``: the consent boxes ``privacy``,
        ``withdrawal_ack``, ``early_start``, ``early_start_ack`` go to
        :meth:`_record_consents`. A value to correct raises ``UserError``
        with the customer's message and writes nothing. The report keeps the
        furthest step reached in ``step``."""
        self.ensure_one()
        self._check_customer_editable()
        if step not in customer.STEPS:
            raise UserError(_("This step does not exist."))
        values = {key: value for key, value in values.items() if isinstance(value, str)}
        try:
            vals = getattr(self, f"_customer_values_{step}")(values)
        except customer.InputError as error:
            raise UserError(self._customer_error_message(error)) from error
        furthest = customer.STEPS.index(self.step) if self.step in customer.STEPS else -1
        reached = min(customer.STEPS.index(step) + 1, len(customer.STEPS) - 1)
        if reached > furthest:
            vals["step"] = customer.STEPS[reached]
        slots = vals.pop("preferred_slots", None)
        consents = vals.pop("consents", None)
        self.write(vals)
        if slots is not None:
            self.preferred_slot_ids.unlink()
            self.env["damage.report.slot"].create(
                [{"report_id": self.id, "kind": "preferred", "start": start} for start in slots]
            )
        if consents is not None:
            self._record_consents(*consents)
        return True

    @staticmethod
    def _customer_text(values, name, limit=CUSTOMER_TEXT_LIMIT):
        return (values.get(name) or "").strip()[:limit]

    def _customer_values_contact(self, values):
        text = self._customer_text
        vals = {
            name: text(values, name)
            for name in (
                "customer_name",
                "customer_phone",
                "customer_street",
                "customer_zip",
                "customer_city",
                "vehicle_make",
                "vehicle_model",
            )
        }
        if not vals["customer_name"]:
            raise customer.InputError("name_missing")
        plate = customer.normalize_plate(text(values, "license_plate"))
        if not customer.is_valid_plate(plate):
            raise customer.InputError("plate")
        vals["license_plate"] = plate
        email = text(values, "customer_email")
        if email and not email_normalize(email):
            raise customer.InputError("email")
        vals["customer_email"] = email_normalize(email) if email else ""
        if not email and not vals["customer_phone"]:
            raise customer.InputError("reach_missing")
        vin = matching.normalize_vin(text(values, "vin"))
        if vin and not matching.is_valid_vin(vin):
            raise customer.InputError("vin")
        vals["vin"] = vin or False
        vals["first_registration"] = self._customer_past_date(values, "first_registration")
        odometer = text(values, "odometer").replace(".", "").replace(" ", "")
        if odometer and (not odometer.isdigit() or int(odometer) > customer.MAX_ODOMETER):
            raise customer.InputError("odometer")
        vals["odometer"] = int(odometer) if odometer else 0
        return vals

    def _customer_values_insurance(self, values):
        cover = values.get("cover_type") or False
        if cover and cover not in dict(COVER_TYPES):
            raise customer.InputError("cover")
        return {
            "cover_type": cover,
            "insurer_name": self._customer_text(values, "insurer_name"),
            "claim_number": self._customer_text(values, "claim_number"),
            "reported_to_insurer": bool(values.get("reported_to_insurer")),
        }

    def _customer_values_photos(self, values):
        return {}

    def _customer_values_damage(self, values):
        return {
            "damage_description": self._customer_text(
                values, "damage_description", customer.DESCRIPTION_LIMIT
            ),
            "damage_date": self._customer_past_date(values, "damage_date"),
            "damage_place": self._customer_text(values, "damage_place"),
        }

    def _customer_values_dates(self, values):
        company = self.company_id
        starts = []
        for index in range(1, customer.MAX_PREFERRED_DATES + 1):
            day, at = values.get(f"date_{index}"), values.get(f"time_{index}")
            if not day and not at:
                continue
            start = customer.parse_preferred_date(
                day,
                at,
                tz_name=self._customer_tz(),
                days=customer.opening_days(company.damage_report_opening_days),
                hour_from=company.damage_report_hour_from,
                hour_to=company.damage_report_hour_to,
                now=fields.Datetime.now(),
            )
            if start not in starts:
                starts.append(start)
        return {"preferred_slots": starts}

    def _customer_values_forms(self, values):
        names = ("privacy", "withdrawal_ack", "early_start", "early_start_ack")
        return {"consents": tuple(bool(values.get(name)) for name in names)}

    def _customer_values_review(self, values):
        return {}

    def _customer_past_date(self, values, name):
        text = self._customer_text(values, name)
        if not text:
            return False
        try:
            value = fields.Date.to_date(text)
        except ValueError as error:
            raise customer.InputError("date") from error
        today = customer.local_today(self._customer_tz(), fields.Datetime.now())
        if value > today or value.year < customer.OLDEST_YEAR:
            raise customer.InputError("date_range")
        return value

    def _customer_tz(self):
        """The time zone the customer's dates are read and shown in: the company's."""
        self.ensure_one()
        tz = self.company_id.partner_id.tz
        return tz if tz in pytz.all_timezones_set else LOCAL_TIMEZONE.key

    def _render_pdf(self, report_ref, res_ids):
        """The PDF of ``report_ref`` for ``res_ids``, in the customer's
        language and time zone. Always a PDF, also when Odoo runs its tests
        (it renders HTML there unless asked): it is what the customer signed
        and received, and its SHA-256 is kept."""
        pdf, __ = (
            self._customer_env()
            .with_context(force_report_rendering=True)
            .env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(report_ref, res_ids)
        )
        return pdf

    def _customer_env(self):
        """This report in the customer's language and the company's time zone."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or "de_DE"
        return self.with_context(lang=lang, tz=self._customer_tz())

    @api.model
    def _customer_error_message(self, error):
        """The customer's message for a value to correct (``core.customer.InputError``)."""
        messages = {
            "name_missing": _("Please enter your name."),
            "reach_missing": _("Please enter a phone number or an e-mail address."),
            "plate": _("Please enter the licence plate, e.g. M AB 1234."),
            "email": _("Please check the e-mail address."),
            "vin": _("The vehicle identification number has 17 letters and digits."),
            "odometer": _("Please enter the odometer reading in km."),
            "cover": _("Please choose how the damage is covered."),
            "date": _("Please enter a valid date."),
            "date_range": _("The date cannot be in the future."),
            "time": _("Please choose a time within the opening hours."),
            "past": _("Please choose a date in the future."),
            "too_far": _("Please choose a date within the next %s days.", error.params.get("days")),
            "closed_day": _("The workshop is closed on that day: please choose another."),
        }
        return messages.get(error.code, messages["date"])

    def _sign_form(self, template, signer_name, signature_png):
        """Sign ``template`` (a ``damage.report.form.template``) with the
        drawn ``signature_png`` (bytes): a ``damage.report.signed.form`` with
        its PDF and SHA-256. (Forms.)

        Only a current form of the report's company can be signed, only
        while the customer may change the report. Signing a form again
        replaces the earlier signature and its PDF; the chatter notes both
        signings.
        """
        self.ensure_one()
        self._check_customer_editable()
        template = template.exists()
        if not template or template not in self.env["damage.report.form.template"]._current_forms(
            self.company_id
        ):
            raise UserError(_("This form cannot be signed for this damage report."))
        signer_name = (signer_name or "").strip()
        if not signer_name:
            raise UserError(_("Please enter the name of the person signing."))
        try:
            signature.check_png(signature_png)
        except signature.SignatureError as error:
            raise UserError(_("The signature could not be read. Please sign again.")) from error
        earlier = self.signed_form_ids.filtered(lambda f: f.code == template.code)
        signed = (
            self.env["damage.report.signed.form"]
            .sudo()
            .create(
                {
                    "report_id": self.id,
                    "template_id": template.id,
                    "version": template.version,
                    "signer_name": signer_name,
                    "signed_at": fields.Datetime.now(),
                    "signature": base64.b64encode(signature_png),
                }
            )
        )
        pdf = self._render_pdf("workshop_damage_report.action_report_signed_form", signed.ids)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{template.name} {template.version.replace('/', '-')} {self.name}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        signed.write({"attachment_id": attachment.id, "sha256": hashlib.sha256(pdf).hexdigest()})
        if earlier:
            earlier.attachment_id.unlink()
            earlier.unlink()
        params = {
            "form": template.name,
            "version": template.version,
            "signer": signer_name,
            "time": signed._signed_at_text(),
        }
        if earlier:
            body = _(
                "%(form)s (version %(version)s) signed again by %(signer)s on %(time)s; "
                "it replaces the earlier signature.",
                **params,
            )
        else:
            body = _("%(form)s (version %(version)s) signed by %(signer)s on %(time)s.", **params)
        self._post_customer_note(body, attachment.ids)
        return signed

    def _record_consents(self, privacy, withdrawal_ack, early_start, early_start_ack):
        """Record the customer's consents with the time. (Forms.)

        The privacy consent and the acknowledgement of the cancellation
        notice are required; an early start of the work requires the
        acknowledgement that the cancellation right ends on full
        performance. A consent given earlier keeps its time."""
        self.ensure_one()
        self._check_customer_editable()
        missing = []
        if not privacy:
            missing.append(_("consent to the privacy notice"))
        if not withdrawal_ack:
            missing.append(_("acknowledgement of the cancellation notice"))
        if early_start and not early_start_ack:
            missing.append(
                _("confirmation that the cancellation right ends when the work is fully done")
            )
        if missing:
            raise UserError(_("Please confirm: %s", ", ".join(missing)))
        now = fields.Datetime.now()
        self.write(
            {
                "privacy_consent_at": self.privacy_consent_at or now,
                "withdrawal_notice_ack_at": self.withdrawal_notice_ack_at or now,
                "early_start_requested_at": (self.early_start_requested_at or now)
                if early_start
                else False,
                "early_start_ack_at": (self.early_start_ack_at or now) if early_start else False,
            }
        )

    def _submission_missing(self):
        """What the customer still has to give before sending (labels)."""
        self.ensure_one()
        missing = []
        if not (self.customer_name or "").strip():
            missing.append(_("your name"))
        if not (self.customer_phone or self.customer_email):
            missing.append(_("a phone number or an e-mail address"))
        if not (self.license_plate or "").strip():
            missing.append(_("the licence plate"))
        if not self.photo_ids:
            missing.append(_("at least one photo"))
        if not (self.damage_description or "").strip():
            missing.append(_("the description of the damage"))
        if not self.privacy_consent_at:
            missing.append(_("consent to the privacy notice"))
        if not self.withdrawal_notice_ack_at:
            missing.append(_("acknowledgement of the cancellation notice"))
        signed = self.signed_form_ids.template_id
        for template in self.env["damage.report.form.template"]._current_forms(self.company_id):
            if template not in signed:
                missing.append(_("signature of the form “%s”", template.name))
        return missing

    def _submit_by_customer(self):
        """The customer sends the report: checked complete, state reported,
        confirmation e-mail with the signed forms and the cancellation
        notice PDF, then :meth:`_notify_reported`. (Forms.)

        Everything happens in the caller's transaction: if the e-mail
        cannot be built, the exception undoes the whole sending."""
        self.ensure_one()
        self._check_customer_editable()
        missing = self._submission_missing()
        if missing:
            raise UserError(
                _(
                    "The damage report cannot be sent yet. Still missing:\n%s",
                    "\n".join(f"• {item}" for item in missing),
                )
            )
        now = fields.Datetime.now()
        self.write({"state": "reported", "reported_at": now, "step": "done"})
        if self.customer_email:
            self._send_customer_confirmation()
            self.withdrawal_notice_sent_at = now
        else:
            self.with_user(SUPERUSER_ID).message_post(
                body=_(
                    "The customer gave no e-mail address: hand over the cancellation notice "
                    "and the signed forms in text form (on paper or by e-mail)."
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._notify_reported()

    def _withdrawal_notice_attachment(self):
        """The cancellation notice with the model withdrawal form as a PDF,
        stored on the report as what the customer received."""
        self.ensure_one()
        pdf = self._render_pdf("workshop_damage_report.action_report_withdrawal_notice", self.ids)
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"Widerrufsbelehrung {self.name}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _send_customer_confirmation(self):
        """Queue the confirmation e-mail with the signed forms and the
        cancellation notice (with the model withdrawal form) as PDFs: the
        text form the cancellation right asks for. Returns the
        ``mail.mail``."""
        self.ensure_one()
        notice = self._withdrawal_notice_attachment()
        attachments = self.signed_form_ids.attachment_id | notice
        template = self.env.ref("workshop_damage_report.mail_template_customer_confirmation")
        mail_id = template.sudo().send_mail(
            self.id,
            email_values={"attachment_ids": [Command.set(attachments.ids)]},
            email_layout_xmlid="mail.mail_notification_light",
        )
        self._post_customer_note(
            _(
                "Confirmation sent to %(email)s with the cancellation notice and the signed forms.",
                email=self.customer_email,
            ),
            notice.ids,
        )
        return self.env["mail.mail"].sudo().browse(mail_id)

    def _post_customer_note(self, body, attachment_ids=None):
        """A chatter note of what the customer did. The customer is no user:
        the note is written by OdooBot (the public user has no address)."""
        self.ensure_one()
        return self.with_user(SUPERUSER_ID).message_post(
            body=body,
            attachment_ids=attachment_ids or [],
            author_id=self.partner_id.id or None,
            subtype_xmlid="mail.mt_note",
        )

    def _notify_reported(self):
        """Tell the workshop (flag, activity, e-mail) and, where the broker
        wants it, the broker. (Workshop side.)

        The activity and the e-mail go to :attr:`notify_user_id` (the
        responsible, else the company's notified user); without either the
        report is only flagged new. Sent again (after more photos), the report
        gets no second activity while the first is open. The broker gets a
        notice once, only when the workshop switched it on for that broker and
        gave an address."""
        activity_type = self.env.ref("workshop_damage_report.mail_activity_type_damage_report_new")
        user_template = self.env.ref("workshop_damage_report.mail_template_damage_report_reported")
        broker_template = self.env.ref("workshop_damage_report.mail_template_damage_report_broker")
        for report in self.sudo():
            report.is_new = True
            user = report.notify_user_id
            waiting = report.activity_ids.filtered_domain(
                [("activity_type_id", "=", activity_type.id), ("user_id", "=", user.id)]
            )
            if user and not waiting:
                report.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=_("Damage report %s received", report.name),
                )
            if user:
                user_template.send_mail(
                    report.id, force_send=False, email_layout_xmlid="mail.mail_notification_light"
                )
            broker = report.broker_id
            if (
                broker.damage_report_notify
                and broker.damage_report_email
                and not report.broker_notified_at
            ):
                broker_template.send_mail(
                    report.id, force_send=False, email_layout_xmlid="mail.mail_notification_light"
                )
                report.broker_notified_at = fields.Datetime.now()
                report.message_post(
                    body=_(
                        "Broker %(broker)s notified at %(email)s.",
                        broker=broker.name,
                        email=broker.damage_report_email,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _customer_confirm_slot(self, slot):
        """The customer confirms one of the workshop's proposed dates.
        (Appointments.)

        ``slot`` comes from the client: it must be a proposed date of this
        report, while the report waits for the customer's answer. Then the
        appointment is made as the workshop would (calendar event, state,
        e-mail to the customer), and the responsible gets an activity."""
        self.ensure_one()
        slot = slot.exists()
        if (
            not slot
            or slot.report_id != self
            or slot.kind != "proposed"
            or self.state != "appointment_proposed"
        ):
            raise UserError(_("This date cannot be confirmed (any more)."))
        # the customer is no user: what follows is written by OdooBot, whose
        # messages have a sender address (the public user's have none)
        report, slot = self.with_user(SUPERUSER_ID), slot.with_user(SUPERUSER_ID)
        slot._make_appointment()
        responsible = report.user_id or report.company_id.damage_report_notify_user_id
        if responsible:
            report.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("The customer confirmed an appointment"),
                note=_("Appointment on %s.", slot.date_display),
                user_id=responsible.id,
            )
        report.message_post(
            body=_("The customer confirmed the appointment on %s.", slot.date_display),
            author_id=report.partner_id.id or None,
            subtype_xmlid="mail.mt_note",
        )
        return slot

    # ------------------------------------------------------------------
    # Appointments and the repair order (Appointments.)
    # ------------------------------------------------------------------

    def _cancel_appointment(self):
        """The confirmed appointment is off (the workshop proposes new dates):
        its calendar event goes, no date stays chosen and the appointment is
        cleared (tracked). Nothing happens without an appointment."""
        self.ensure_one()
        if not (self.calendar_event_id or self.appointment_at):
            return
        self.calendar_event_id.with_context(no_mail_to_attendees=True).unlink()
        self.slot_ids.filtered("chosen").chosen = False
        self.appointment_at = False
        self.message_post(
            body=_("The confirmed appointment is cancelled: new dates are proposed."),
            subtype_xmlid="mail.mt_note",
        )

    def _send_customer_mail(self, template_xmlid, **context):
        """Send the customer the e-mail of this template (rendered with
        ``context`` in ``ctx``), or say in the chatter that the report has no
        address to send it to."""
        for report in self:
            if not (report.customer_email or report.partner_id.email):
                report.message_post(
                    body=_("No e-mail address of the customer: tell the customer yourself."),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            template = self.env.ref(template_xmlid).with_context(**context)
            template.send_mail(report.id, email_layout_xmlid="mail.mail_notification_light")

    def action_create_repair_order(self):
        """Reparaturauftrag anlegen: the repair order of this report, made or
        linked, with the customer matched among the contacts."""
        self.ensure_one()
        return self.env["damage.report.order.wizard"]._start(self)

    def action_view_repair_order(self):
        self.ensure_one()
        return self.repair_order_id._get_records_action(name=_("Repair Order"))
