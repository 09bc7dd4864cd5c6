# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    damage_report_ids = fields.One2many("damage.report", "repair_order_id", string="Damage Reports")

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "done":
            self._close_damage_reports()
        return result

    def _close_damage_reports(self):
        """A repair order done closes its damage reports (as the superuser: the
        repair user need not be a damage-report user)."""
        self.sudo().damage_report_ids.action_close()
