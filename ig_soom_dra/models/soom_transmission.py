# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools import format_datetime


class SoomTransmission(models.Model):
    """One attempt to send milestone values of an order to SOOM.

    Created by the SOOM dialog of the order before the request goes out and
    completed with its result, so that every attempt is kept, failed ones
    too. Users read the log; only the sending logic writes it.
    """

    _name = "soom.transmission"
    _description = "SOOM Transmission"
    _order = "sent_at desc, id desc"

    name = fields.Char(compute="_compute_name")
    order_id = fields.Many2one(
        "repair.order", string="Repair Order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    soom_case_id = fields.Char(string="SOOM Case ID")
    sent_at = fields.Datetime(string="Time", required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    values_json = fields.Text(
        string="Values (JSON)", help="The milestone values sent, by milestone key."
    )
    values_display = fields.Text(string="Values")
    payload = fields.Text(help="The body of the request, with SOOM's field names (JSON).")
    idempotency_key = fields.Char(
        help="SOOM applies a key only once: a resend with the same key after an "
        "unclear failure is not applied twice."
    )
    state = fields.Selection(
        [("pending", "Pending"), ("success", "Success"), ("failed", "Failed")],
        string="Result",
        required=True,
        default="pending",
    )
    error_code = fields.Selection(
        # The codes of core.soom.SoomError, and "invalid" for values that
        # could not be prepared for SOOM.
        [
            ("unauthorized", "Credentials refused"),
            ("timeout", "No answer in time"),
            ("connection", "Not reachable"),
            ("server", "Error in SOOM"),
            ("client", "Request refused"),
            ("bad_response", "Unexpected answer"),
            ("invalid", "Invalid values"),
        ],
    )
    error_message = fields.Text(string="Message")
    error_detail = fields.Text(string="Technical Details")

    @api.depends("order_id.name", "sent_at")
    def _compute_name(self):
        for transmission in self:
            sent_at = transmission.sent_at
            transmission.name = _(
                "%(order)s, %(time)s",
                order=transmission.order_id.name or "",
                time=format_datetime(self.env, sent_at) if sent_at else "",
            )
