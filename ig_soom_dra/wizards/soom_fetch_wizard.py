# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timezone

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..core.portal import PortalError

_logger = logging.getLogger(__name__)


class SoomFetchWizard(models.TransientModel):
    """The new orders in the brokers' portals ("Neue Aufträge"), fetched when a person asks.

    The orders come from the portal connections of the companies the user
    works in; per order: accept it and hand its DRA file to the takeover
    assistant, or decline it with a reason.
    """

    _name = "soom.fetch.wizard"
    _description = "New SOOM Orders"

    line_ids = fields.One2many("soom.fetch.wizard.line", "wizard_id", string="New Orders")

    @api.model
    def _portal_failure(self, error, connection):
        """A ``UserError`` for the workshop from a failed request to the portal of
        ``connection`` (logged with the broker and the company)."""
        _logger.info("Portal request to %s failed: %s", connection.display_name, error)
        return UserError(self.env["soom.transmission"]._failure_message(error))

    @api.model
    def action_fetch(self):
        """Ask the portals of the user's companies for their new orders and show them."""
        connections = self.env["dra.broker.connection"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        if not connections:
            raise UserError(
                _(
                    "There is no portal connection for %s. Ask your administrator to set it "
                    "up under Repairs > Configuration > Portal Connections.",
                    ", ".join(self.env.companies.mapped("name")),
                )
            )
        lines = []
        for connection in connections:
            try:
                with connection._portal_client() as client:
                    orders = client.list_new_orders()
            except PortalError as error:
                raise self._portal_failure(error, connection) from error
            lines += self._line_commands(connection, orders)
        return self.create({"line_ids": lines})._reopen()

    @api.model
    def _show_orders(self, connection, orders):
        """The list with these orders of the portal of ``connection`` (``PortalOrder``)."""
        return self.create({"line_ids": self._line_commands(connection, orders)})._reopen()

    @api.model
    def _line_commands(self, connection, orders):
        """The lines of the portal's ``orders`` of ``connection``, with the orders known."""
        known = self._known_orders(connection, orders)
        return [
            Command.create(
                {
                    "connection_id": connection.id,
                    "order_number": order.order_number,
                    "case_id": order.case_id,
                    "plate": order.plate,
                    "customer_name": order.customer_name,
                    "order_kind": order.order_kind,
                    "placed_at": order.placed_at
                    and order.placed_at.astimezone(timezone.utc).replace(tzinfo=None),
                    "order_id": (
                        known.get(order.case_id) or known.get(order.order_number) or False
                    ),
                }
            )
            for order in orders
        ]

    @api.model
    def _known_orders(self, connection, portal_orders):
        """The repair orders already in Odoo for the portal's orders of ``connection``.

        Returns ``{case id or order number: repair order id}``: an order is
        known by its SOOM case, or by the broker's order number in the
        connection's company.
        """
        case_ids = [order.case_id for order in portal_orders]
        numbers = [order.order_number for order in portal_orders if order.order_number]
        orders = self.env["repair.order"].search(
            [
                ("company_id", "=", connection.company_id.id),
                "|",
                ("soom_case_id", "in", case_ids),
                "&",
                ("broker_id", "=", connection.broker_id.id),
                ("broker_order_ref", "in", numbers),
            ]
        )
        known = {order.broker_order_ref: order.id for order in orders if order.broker_order_ref}
        known.update({order.soom_case_id: order.id for order in orders if order.soom_case_id})
        return known

    def _reopen(self):
        """The action that shows this list again."""
        self.ensure_one()
        return self._get_records_action(
            name=_("New SOOM Orders"),
            target="new",
            context=dict(self.env.context, dialog_size="extra-large"),
        )
