# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import Command, _, fields, models
from odoo.exceptions import UserError

from ..core.portal import PortalError, from_payload

_logger = logging.getLogger(__name__)


class SoomSendWizard(models.TransientModel):
    """The SOOM dialog of an order: shows what will be sent, and sends it.

    This is the only code path that sends milestone values to SOOM, and it
    runs only when a person presses "Send". Every attempt is logged in
    ``soom.transmission``, in transactions of its own, before the request
    goes out and after the answer; a failure is shown here.
    """

    _name = "soom.send.wizard"
    _description = "Send Milestones to SOOM"

    order_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    soom_case_id = fields.Char(related="order_id.soom_case_id", related_sudo=False)
    line_ids = fields.One2many("soom.send.wizard.line", "wizard_id", string="Values to Send")
    message = fields.Text(readonly=True)
    message_type = fields.Selection(
        [("info", "Info"), ("warning", "Warning"), ("danger", "Error")], default="info"
    )

    def _reopen(self):
        """The action that shows this dialog again."""
        self.ensure_one()
        return self._get_records_action(name=_("Send to SOOM"), target="new")

    def _shown_values(self):
        """``{milestone key: JSON value}`` of the lines shown in the dialog."""
        return {line.key: json.loads(line.value_json) for line in self.line_ids}

    def _fill_lines(self):
        """Show the values that differ from what SOOM last received."""
        self.ensure_one()
        order = self.order_id
        sent = order._soom_sent_by_key()
        self.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "key": key,
                    "label": order._soom_label(key),
                    "value_json": json.dumps(value),
                    "new_value": order._soom_format_json(key, value),
                    "sent_value": sent[key].value_display if key in sent else "",
                }
            )
            for key, value in order._soom_pending_values().items()
        ]
        if not self.line_ids:
            self.message = _("SOOM already holds every value of this order. Nothing to send.")
            self.message_type = "info"

    def action_send(self):
        """Send the values shown; on failure show why and keep everything unmarked.

        The attempt is logged in a transaction of its own before the request
        leaves (``soom.transmission._start_status_update``, which also finds
        a concurrent send of the same order), and completed, with the values
        marked as sent, in another one after the answer.
        """
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        values = self._shown_values()
        if values != order._soom_pending_values():
            return self._show_again(
                _(
                    "The values of the order changed while the dialog was open. "
                    "Check the values below and send again."
                )
            )
        if not values:
            raise UserError(_("Nothing to send: SOOM already holds every value."))
        Transmission = self.env["soom.transmission"]
        connection = order._ig_connection()
        with connection._portal_client() as client:
            try:
                body = client.status_body(from_payload(values))
            except ValueError as error:
                _logger.info("SOOM values of %s cannot be sent: %s", order.name, error)
                return self._show_failure(Transmission._error_messages()["invalid"])
            transmission, key, warning = Transmission._start_status_update(
                order, connection, body, values, since=self.create_date
            )
            if warning:
                return self._show_again(warning)
            try:
                client.send_status(order.soom_case_id, from_payload(values), idempotency_key=key)
            except PortalError as error:
                return self._show_failure(transmission._log_failure(error))
        transmission._finish_status_update(values)
        order._ig_log_note(self._chatter_body(values))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Sent to SOOM."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _show_again(self, warning):
        """Show the dialog again with the values now to send, and ``warning``."""
        self._fill_lines()
        self.write({"message": warning, "message_type": "warning"})
        return self._reopen()

    def _show_failure(self, reason):
        """Show the dialog again with why nothing was sent or marked."""
        self.write(
            {
                "message": _("%(reason)s Nothing was marked as sent.", reason=reason),
                "message_type": "danger",
            }
        )
        return self._reopen()

    def _chatter_body(self, values):
        """The chatter note of a successful transmission: what went."""
        order = self.order_id
        return self.env["ir.qweb"]._render(
            "ig_soom_dra.message_soom_sent",
            {
                "values": [
                    (order._soom_label(key), order._soom_format_json(key, value))
                    for key, value in values.items()
                ]
            },
        )
