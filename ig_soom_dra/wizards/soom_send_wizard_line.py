# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SoomSendWizardLine(models.TransientModel):
    """One value of the SOOM dialog: a milestone, its new value and what SOOM holds."""

    _name = "soom.send.wizard.line"
    _description = "Value to Send to SOOM"

    wizard_id = fields.Many2one("soom.send.wizard", required=True, ondelete="cascade")
    key = fields.Char(string="Milestone Key", required=True)
    label = fields.Char(string="Milestone")
    value_json = fields.Text(string="Value (JSON)", required=True)
    new_value = fields.Char()
    sent_value = fields.Char(string="Last Sent Value")
