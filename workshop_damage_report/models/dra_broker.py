# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DraBroker(models.Model):
    _inherit = "dra.broker"

    damage_report_notify = fields.Boolean(
        string="Notify of Damage Reports",
        tracking=True,
        help="When a customer has sent a damage report of this broker, a short e-mail goes "
        "to the broker's notification address. Off by default: the workshop decides once "
        "per broker.",
    )
    damage_report_email = fields.Char(
        string="Notification Address", tracking=True, help="Receives the damage report notices."
    )
