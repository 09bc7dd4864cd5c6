# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

#: A colour as the web client's colour picker writes it: #RRGGBB.
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def readable_text_color(background):
    """Return ``#000000`` or ``#FFFFFF``, whichever reads better on ``background``.

    ``background`` is a ``#RRGGBB`` colour; the text is black when the
    background's relative luminance (WCAG 2) is above 0.179, where black and
    white have the same contrast ratio, and white otherwise or when the
    colour cannot be read.
    """
    if not background or not HEX_COLOR.match(background):
        return "#FFFFFF"

    def channel(hex_pair):
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[index : index + 2]) for index in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.179 else "#FFFFFF"


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
    text_color = fields.Char(
        compute="_compute_text_color",
        help="Black or white, whichever reads better on the broker's colour.",
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
    rate_ids = fields.One2many(
        "dra.broker.rate",
        "broker_id",
        string="Agreed Hourly Rates",
        help="The hourly rates agreed with the broker; the SOOM dialog checks the "
        "estimate's labour lines against them before anything is sent.",
    )
    connection_ids = fields.One2many(
        "dra.broker.connection", "broker_id", string="Portal Connections"
    )
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

    @api.depends("color")
    def _compute_text_color(self):
        for broker in self:
            broker.text_color = readable_text_color(broker.color)

    @api.constrains("color")
    def _check_color(self):
        for broker in self:
            if broker.color and not HEX_COLOR.match(broker.color):
                raise ValidationError(
                    _(
                        "The colour of the claims broker %(broker)s must be a hex colour "
                        "such as #00508C, not %(color)s.",
                        broker=broker.name,
                        color=broker.color,
                    )
                )

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
