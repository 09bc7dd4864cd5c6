# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
    start = fields.Datetime(required=True)
    chosen = fields.Boolean(readonly=True, help="The date the appointment was made for.")
