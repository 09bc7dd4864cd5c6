# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..formatting import format_local_date, format_local_datetime, local_date

#: Saturday and Sunday (``date.weekday()``): no follow-up calls.
WEEKEND = (5, 6)


class SoomAppointmentWizard(models.TransientModel):
    """The appointment assistant ("Termin-Assistent") of an order.

    Records the call to the customer in the order's milestones: reached,
    the inspection appointment (also as a calendar event with the customer)
    and how the car comes in; not reached, the call attempt and a follow-up
    call activity.
    """

    _name = "soom.appointment.wizard"
    _inherit = ["ig.order.dialog.mixin"]
    _description = "Appointment Assistant"

    order_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    customer_reached = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Can you reach the customer?",
        required=True,
    )
    call_time = fields.Datetime(required=True, default=fields.Datetime.now)
    inspection_at = fields.Datetime(string="Inspection Appointment")
    vehicle_arrival = fields.Selection(
        selection=lambda self: (
            self.env["repair.order"]._fields["vehicle_arrival"]._description_selection(self.env)
        ),
        string="How the Car Comes",
    )
    follow_up_date = fields.Date(
        string="Call Again On",
        compute="_compute_follow_up_date",
        store=True,
        readonly=False,
    )

    @api.depends("call_time")
    def _compute_follow_up_date(self):
        for wizard in self:
            day = local_date(wizard.env, wizard.call_time or fields.Datetime.now())
            day += timedelta(days=1)
            while day.weekday() in WEEKEND:
                day += timedelta(days=1)
            wizard.follow_up_date = day

    def action_confirm(self):
        """Write the milestones of the call; schedule a follow-up call if not reached."""
        self.ensure_one()
        order = self.order_id
        if self.customer_reached == "yes":
            if not self.inspection_at or not self.vehicle_arrival:
                raise UserError(
                    _("Enter the inspection appointment and how the car comes to the workshop.")
                )
            order.write(
                {
                    "call_time": self.call_time,
                    "customer_reached": True,
                    "inspection_at": self.inspection_at,
                    "vehicle_arrival": self.vehicle_arrival,
                }
            )
            order._ig_sync_inspection_event()
            return {"type": "ir.actions.act_window_close"}
        order.write({"call_time": self.call_time, "customer_reached": False})
        follow_up = self.follow_up_date or fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        order.activity_schedule(
            activity_type_id=(activity_type or self.env.ref("mail.mail_activity_data_todo")).id,
            date_deadline=follow_up,
            summary=_("Call the customer again"),
            user_id=order.user_id.id or self.env.uid,
        )
        order._ig_log_note(
            _(
                "Call attempt at %(time)s: customer not reached. "
                "Follow-up call scheduled for %(date)s.",
                time=format_local_datetime(self.env, self.call_time),
                date=format_local_date(self.env, follow_up),
            )
        )
        return {"type": "ir.actions.act_window_close"}
