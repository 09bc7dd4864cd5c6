# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        """A posted customer invoice of a broker order's quotation puts the
        order in workshop status RE (invoiced). Nothing is sent: the SOOM
        dialog then offers the invoice, the status RE and the invoice PDF."""
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        orders = invoices.sudo().invoice_line_ids.sale_line_ids.order_id.repair_order_ids.filtered(
            lambda order: order.broker_id and order.workshop_status != "re"
        )
        if orders:
            orders.write({"workshop_status": "re"})
        return posted
