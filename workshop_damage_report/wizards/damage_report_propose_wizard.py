# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, fields, models
from odoo.exceptions import UserError

#: States in which the workshop can propose dates.
PROPOSABLE_STATES = ("reported", "appointment_proposed", "appointment_confirmed")


class DamageReportProposeWizard(models.TransientModel):
    """Termine vorschlagen: up to three dates the customer chooses from on
    the personal link."""

    _name = "damage.report.propose.wizard"
    _description = "Propose Dates to the Customer"

    report_id = fields.Many2one("damage.report", required=True, ondelete="cascade")
    date_1 = fields.Datetime(string="First Date", required=True)
    date_2 = fields.Datetime(string="Second Date")
    date_3 = fields.Datetime(string="Third Date")

    def _dates(self):
        """The dates entered, checked: in the future, each once."""
        self.ensure_one()
        dates = [date for date in (self.date_1, self.date_2, self.date_3) if date]
        if not dates:
            raise UserError(_("Enter at least one date."))
        if any(date <= fields.Datetime.now() for date in dates):
            raise UserError(_("The proposed dates must be in the future."))
        if len(set(dates)) != len(dates):
            raise UserError(_("Each date can only be proposed once."))
        return sorted(dates)

    def action_propose(self):
        """Replace the open proposals by these dates and send them to the
        customer with the personal link (renewed if it no longer opens); a
        confirmed appointment is cancelled."""
        self.ensure_one()
        report = self.report_id
        if report.state not in PROPOSABLE_STATES:
            raise UserError(_("Dates can only be proposed on a reported damage report."))
        dates = self._dates()
        report._cancel_appointment()
        stale = report.proposed_slot_ids.filtered(lambda slot: not slot.chosen)
        report.write(
            {
                "slot_ids": [Command.unlink(slot.id) for slot in stale]
                + [Command.create({"kind": "proposed", "start": date}) for date in dates],
                "state": "appointment_proposed",
            }
        )
        if not report._link_valid(report.access_token):
            report._renew_link()
        report._send_customer_mail(
            "workshop_damage_report.mail_template_appointment_proposed",
            link_url=report._link_url(),
        )
        report.message_post(
            body=_(
                "Dates proposed to the customer: %s.",
                ", ".join(report.proposed_slot_ids.mapped("date_display")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
