# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SoomReleaseWizard(models.TransientModel):
    """Record the repair release ("Reparaturfreigabe") of an order.

    Moves the order to AB and records the release with the planned repair
    start and end, which are sent to SOOM with the SOOM button.
    """

    _name = "soom.release.wizard"
    _inherit = ["ig.order.dialog.mixin"]
    _description = "Repair Release"

    order_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    repair_start_planned = fields.Datetime(
        string="Planned Repair Start",
        required=True,
        compute="_compute_planned_dates",
        store=True,
        readonly=False,
    )
    repair_end_expected = fields.Datetime(
        string="Planned Repair End",
        required=True,
        compute="_compute_planned_dates",
        store=True,
        readonly=False,
        help="A reference value for SOOM; it is not corrected later when the repair takes longer.",
    )

    @api.depends("order_id")
    def _compute_planned_dates(self):
        for wizard in self:
            wizard.repair_start_planned = wizard.order_id.repair_start_planned
            wizard.repair_end_expected = wizard.order_id.repair_end_expected

    @api.constrains("repair_start_planned", "repair_end_expected")
    def _check_dates(self):
        for wizard in self:
            if wizard.repair_end_expected < wizard.repair_start_planned:
                raise ValidationError(_("The planned repair end must be after the repair start."))

    def action_confirm(self):
        """Record the release: status AB, release date today, planned start and end."""
        self.ensure_one()
        self.order_id._soom_release(self.repair_start_planned, self.repair_end_expected)
        return {"type": "ir.actions.act_window_close"}
