# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DamageReportOrderCandidate(models.TransientModel):
    """A contact that may be the report's customer, offered in the repair
    order assistant."""

    _name = "damage.report.order.candidate"
    _description = "Repair Order from a Damage Report: Candidate Contact"
    _order = "sequence, id"

    wizard_id = fields.Many2one("damage.report.order.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Contact", required=True, readonly=True)
    street = fields.Char(related="partner_id.street")
    zip = fields.Char(related="partner_id.zip")
    city = fields.Char(related="partner_id.city")
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    score = fields.Float(readonly=True, digits=(5, 1), help="Similarity to the report's data.")

    def action_choose(self):
        """Use this contact as the customer of the repair order."""
        self.ensure_one()
        return self.wizard_id._make_order(self.partner_id)
