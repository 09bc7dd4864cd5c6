# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DraBroker(models.Model):
    """A claims broker that places repair orders with the workshop.

    Innovation Group is the first one; others (Eurogarant, DMS, lessors) are
    records of the same model, never constants in code.
    """

    _name = "dra.broker"
    _description = "Claims Broker"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short technical code of the broker, e.g. IG.",
    )
    short_label = fields.Char(
        help="Short label shown on the broker's orders, e.g. IG.",
    )
    color = fields.Char(
        default="#00508C",
        help="Colour of the broker's orders in lists, kanban and forms (hex).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="restrict",
        help="The broker's contact (address, phones) for orders and documents.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the broker between all companies.",
    )
    repair_order_ids = fields.One2many("repair.order", "broker_id", string="Orders")
    repair_order_count = fields.Integer(
        compute="_compute_repair_order_count", string="Orders Count"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A broker with this code already exists in this company.",
        ),
    ]

    @api.depends("repair_order_ids")
    def _compute_repair_order_count(self):
        counts = {
            broker.id: count
            for broker, count in self.env["repair.order"]._read_group(
                [("broker_id", "in", self.ids)], ["broker_id"], ["__count"]
            )
        }
        for broker in self:
            broker.repair_order_count = counts.get(broker.id, 0)

    def action_view_repair_orders(self):
        """Open the orders placed by this broker."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("broker_id", "=", self.id)]
        action["context"] = {"default_broker_id": self.id}
        return action
