# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    damage_report_ids = fields.One2many("damage.report", "repair_order_id", string="Damage Reports")
