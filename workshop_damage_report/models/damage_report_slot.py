# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.addons.ig_soom_dra.core.portal import LOCAL_TIMEZONE
from odoo.addons.ig_soom_dra.formatting import format_local_datetime
from odoo.exceptions import UserError

#: How long the calendar event of an appointment lasts.
APPOINTMENT_DURATION = timedelta(hours=1)
#: States in which the workshop can still confirm a preferred date.
CONFIRMABLE_STATES = ("reported", "appointment_proposed")


class DamageReportSlot(models.Model):
    """A date of a damage report: preferred by the customer, or proposed by
    the workshop."""

    _name = "damage.report.slot"
    _description = "Damage Report Date"
    _order = "report_id, start, id"

    report_id = fields.Many2one("damage.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("preferred", "Preferred by the Customer"), ("proposed", "Proposed by the Workshop")],
        required=True,
        default="preferred",
    )
    start = fields.Datetime(required=True, help="Stored in UTC, as every date-time of Odoo.")
    chosen = fields.Boolean(readonly=True, help="The date the appointment was made for.")
    date_display = fields.Char(
        string="Date (Workshop Time)",
        compute="_compute_date_display",
        help="The date in the workshop's time zone and the language's format, as the "
        "customer reads it.",
    )
    can_confirm = fields.Boolean(compute="_compute_date_display")

    @api.depends("start", "company_id", "report_id.state", "report_id.partner_id.lang", "kind")
    @api.depends_context("lang")
    def _compute_date_display(self):
        for slot in self:
            slot.date_display = slot._format_for_customer(slot.start)
            slot.can_confirm = (
                slot.kind == "preferred" and slot.report_id.state in CONFIRMABLE_STATES
            )

    def write(self, vals):
        """A date moves only to a report the user may change (the record
        rules are checked on the date before the write, not after)."""
        if vals.get("report_id"):
            self.env["damage.report"].browse(vals["report_id"]).check_access("write")
        return super().write(vals)

    # ------------------------------------------------------------------
    # Formatting
    # ------------------------------------------------------------------

    def _company_env(self):
        """The environment to format a date for the customer: the company's
        time zone, and the customer's (or the context's) language."""
        company = self.report_id.company_id or self.env.company
        tz = company.partner_id.tz or LOCAL_TIMEZONE.key
        lang = self.report_id.partner_id.lang or self.env.context.get("lang") or self.env.lang
        return self.env(context=dict(self.env.context, tz=tz, lang=lang))

    def _format_for_customer(self, value):
        """A date-time (naive UTC) in the company's time zone, without seconds."""
        if not value:
            return ""
        return format_local_datetime(self._company_env(), value, seconds=False)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Termin bestätigen: make the appointment on this preferred date and
        tell the customer."""
        self.ensure_one()
        if self.kind != "preferred":
            raise UserError(_("Only a date the customer preferred can be confirmed here."))
        if self.report_id.state not in CONFIRMABLE_STATES:
            raise UserError(_("An appointment can only be confirmed on a reported damage report."))
        self._make_appointment()
        return True

    def _make_appointment(self):
        """The appointment on this date: calendar event, chosen date, state,
        e-mail to the customer."""
        self.ensure_one()
        report = self.report_id
        responsible = report.user_id or self.env.user
        attendees = responsible.partner_id | report.partner_id
        name = " – ".join(
            filter(
                None, [_("Appointment %s", report.name), report.license_plate, report.customer_name]
            )
        )
        values = {
            "name": name,
            "start": self.start,
            "stop": self.start + APPOINTMENT_DURATION,
            "partner_ids": [Command.set(attendees.ids)],
        }
        # the invitation is the report's own e-mail below, not calendar's
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True)
        if report.calendar_event_id:
            report.calendar_event_id.with_context(no_mail_to_attendees=True).write(values)
        else:
            report.calendar_event_id = Event.create(
                {
                    **values,
                    "user_id": responsible.id,
                    "res_model_id": self.env["ir.model"]._get_id(report._name),
                    "res_id": report.id,
                }
            )
        (report.slot_ids - self).filtered("chosen").chosen = False
        self.chosen = True
        report.write({"state": "appointment_confirmed", "appointment_at": self.start})
        report._send_customer_mail("workshop_damage_report.mail_template_appointment_confirmed")
        report.message_post(
            body=_("Appointment confirmed for %s.", self._format_for_customer(self.start)),
            subtype_xmlid="mail.mt_note",
        )
