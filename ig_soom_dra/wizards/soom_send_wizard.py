# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from markupsafe import Markup

from odoo import Command, _, fields, models
from odoo.exceptions import UserError

from ..core.soom import MILESTONES, SoomError, from_soom_payload, to_soom_payload

_logger = logging.getLogger(__name__)


class SoomSendWizard(models.TransientModel):
    """The SOOM dialog of an order: shows what will be sent, and sends it.

    This is the only code path that sends milestone values to SOOM, and it
    runs only when a person presses "Send". Every attempt is logged in
    ``soom.transmission`` before the request goes out; a failure is shown
    here and never raised, so that the log of the attempt is kept.
    """

    _name = "soom.send.wizard"
    _description = "Send Milestones to SOOM"

    order_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    soom_case_id = fields.Char(related="order_id.soom_case_id")
    line_ids = fields.One2many("soom.send.wizard.line", "wizard_id", string="Values to Send")
    message = fields.Text(readonly=True)
    message_type = fields.Selection(
        [("info", "Info"), ("warning", "Warning"), ("danger", "Error")], default="info"
    )
    transmission_id = fields.Many2one("soom.transmission", readonly=True)

    def _error_messages(self):
        """A message for the workshop per error code of ``SoomError`` (and ``invalid``)."""
        return {
            "unauthorized": _(
                "SOOM refused the user name or password. Ask your administrator to "
                "check the SOOM settings."
            ),
            "timeout": _(
                "SOOM did not answer in time. The values may have arrived or not: "
                "send again, SOOM applies them only once."
            ),
            "connection": _(
                "SOOM could not be reached. Check the internet connection and the SOOM "
                "address in the settings, then send again."
            ),
            "server": _("SOOM reported an error. Try again later."),
            "client": _("SOOM refused the values. Check them and the SOOM case ID."),
            "bad_response": _(
                "SOOM answered in an unexpected way. Ask your administrator to check the "
                "SOOM address in the settings."
            ),
            "invalid": _("The values could not be prepared for SOOM."),
        }

    def _reopen(self):
        """The action that shows this dialog again."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send to SOOM"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

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
        """Send the values shown; on failure show why and keep everything unmarked."""
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        if not order.soom_case_id:
            raise UserError(_("The order has no SOOM case ID."))
        values = self._shown_values()
        if values != order._soom_pending_values():
            self._fill_lines()
            self.message = _(
                "The values of the order changed while the dialog was open. "
                "Check the values below and send again."
            )
            self.message_type = "warning"
            return self._reopen()
        if not values:
            raise UserError(_("Nothing to send: SOOM already holds every value."))
        client = self.env["res.config.settings"]._ig_soom_client()
        transmission = self._log_transmission(values)
        try:
            with client:
                client.send_status(
                    order.soom_case_id,
                    from_soom_payload(json.loads(transmission.payload)),
                    idempotency_key=transmission.idempotency_key,
                )
        except (SoomError, ValueError) as error:
            code = error.code if isinstance(error, SoomError) else "invalid"
            message = _(
                "%(reason)s Nothing was marked as sent.", reason=self._error_messages()[code]
            )
            _logger.info("SOOM transmission %s failed: %s", transmission.id, error)
            transmission.write(
                {
                    "state": "failed",
                    "error_code": code,
                    "error_message": message,
                    "error_detail": str(error),
                }
            )
            self.write(
                {"message": message, "message_type": "danger", "transmission_id": transmission.id}
            )
            return self._reopen()
        transmission.state = "success"
        order._soom_mark_sent(values, transmission)
        order.message_post(body=self._chatter_body(values))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Sent to SOOM."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _log_transmission(self, values):
        """Create the log record of this attempt, before anything is sent.

        A resend of exactly the values of the last attempt, when that one
        failed, carries the same idempotency key: if SOOM did get the first
        request (a timeout after sending), it does not apply it twice.
        """
        order = self.order_id
        payload = json.dumps(
            to_soom_payload(from_soom_payload(self._soom_payload(values))), sort_keys=True
        )
        Transmission = self.env["soom.transmission"].sudo()
        last = Transmission.search([("order_id", "=", order.id)], limit=1)
        transmission = Transmission.create(
            {
                "order_id": order.id,
                "soom_case_id": order.soom_case_id,
                "user_id": self.env.uid,
                "values_json": json.dumps(values, sort_keys=True),
                "values_display": "\n".join(
                    f"{order._soom_label(key)}: {order._soom_format_json(key, value)}"
                    for key, value in values.items()
                ),
                "payload": payload,
            }
        )
        reuse = last.state == "failed" and last.payload == payload and last.idempotency_key
        transmission.idempotency_key = reuse or f"ig-soom-tx-{transmission.id}"
        return transmission

    @staticmethod
    def _soom_payload(values):
        """SOOM's fields for ``{milestone key: JSON value}``."""
        return {MILESTONES[key].soom_field: value for key, value in values.items()}

    def _chatter_body(self, values):
        """The chatter note of a successful transmission: what went."""
        order = self.order_id
        items = Markup().join(
            Markup("<li>%s: %s</li>")
            % (order._soom_label(key), order._soom_format_json(key, value))
            for key, value in values.items()
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (_("Sent to SOOM:"), items)
