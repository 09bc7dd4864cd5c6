# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timezone

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..core.soom import SoomError

_logger = logging.getLogger(__name__)


class SoomFetchWizard(models.TransientModel):
    """The new orders in SOOM ("Neue Aufträge"), fetched when a person asks.

    Per order: accept it and hand its DRA file to the takeover assistant, or
    decline it with a reason.
    """

    _name = "soom.fetch.wizard"
    _description = "New SOOM Orders"

    line_ids = fields.One2many("soom.fetch.wizard.line", "wizard_id", string="New Orders")

    @api.model
    def _soom_failure(self, error):
        """A ``UserError`` for the workshop from a failed SOOM request."""
        _logger.info("SOOM request failed: %s", error)
        messages = self.env["soom.send.wizard"]._error_messages()
        return UserError(messages.get(getattr(error, "code", "invalid"), messages["invalid"]))

    @api.model
    def action_fetch(self):
        """Ask SOOM for its new orders and show them."""
        client = self.env["res.config.settings"]._ig_soom_client()
        try:
            with client:
                orders = client.list_new_orders()
        except SoomError as error:
            raise self._soom_failure(error) from error
        wizard = self.create(
            {
                "line_ids": [
                    Command.create(
                        {
                            "order_number": order.order_number,
                            "case_id": order.case_id,
                            "plate": order.plate,
                            "customer_name": order.customer_name,
                            "order_kind": order.order_kind,
                            "placed_at": order.placed_at
                            and order.placed_at.astimezone(timezone.utc).replace(tzinfo=None),
                        }
                    )
                    for order in orders
                ]
            }
        )
        return wizard._reopen()

    def _reopen(self):
        """The action that shows this list again."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New SOOM Orders"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
