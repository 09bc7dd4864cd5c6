# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import Command, _, fields, models
from odoo.exceptions import UserError

from ..core.portal import PortalError, from_payload

_logger = logging.getLogger(__name__)

#: The milestones of the estimate: sending one of them checks the hourly rates.
ESTIMATE_KEYS = {"estimate_sent", "estimate_net", "estimate_gross"}


class SoomSendWizard(models.TransientModel):
    """The SOOM dialog of an order: shows what will be sent, and sends it.

    This is the only code path that sends milestone values to SOOM, and it
    runs only when a person presses "Send". Every attempt is logged in
    ``soom.transmission``, in transactions of its own, before the request
    goes out and after the answer; a failure is shown here.
    """

    _name = "soom.send.wizard"
    _inherit = ["ig.order.dialog.mixin"]
    _description = "Send Milestones to SOOM"

    order_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    soom_case_id = fields.Char(related="order_id.soom_case_id", related_sudo=False)
    line_ids = fields.One2many("soom.send.wizard.line", "wizard_id", string="Values to Send")
    message = fields.Text(readonly=True)
    message_type = fields.Selection(
        [("info", "Info"), ("warning", "Warning"), ("danger", "Error")], default="info"
    )
    invoice_note = fields.Char(
        string="Invoice", readonly=True, help="Which invoice the values and the PDF are of."
    )
    document_json = fields.Text(
        string="Document (JSON)", help="The invoice PDF to upload: name, size, digest."
    )
    document_display = fields.Char(string="Invoice PDF", readonly=True)
    document_sent_display = fields.Char(string="Last Sent PDF", readonly=True)
    rate_warning = fields.Text(string="Hourly Rates", readonly=True)
    send_anyway = fields.Boolean(
        help="The estimate's hourly rates differ from those agreed with the broker; "
        "tick to send all the same."
    )

    def _reopen(self):
        """The action that shows this dialog again."""
        self.ensure_one()
        return self._get_records_action(name=_("Send to SOOM"), target="new")

    def _shown_values(self):
        """``{milestone key: JSON value}`` of the lines shown in the dialog."""
        return {line.key: json.loads(line.value_json) for line in self.line_ids}

    def _shown_document(self):
        """The invoice PDF shown in the dialog (``_ig_invoice_document``), or ``None``."""
        return json.loads(self.document_json) if self.document_json else None

    def _rate_warning(self, values):
        """The warning of labour lines at another hourly rate than agreed, or
        ``False``; only when ``values`` (to send) hold the estimate."""
        if not ESTIMATE_KEYS & set(values):
            return False
        mismatches = self.order_id._ig_rate_mismatches()
        if not mismatches:
            return False
        return "\n".join(
            [_("These estimate lines do not use the hourly rate agreed with the broker:")]
            + [
                self.env._(
                    "%(line)s (%(kind)s): agreed %(agreed)s, used %(used)s",
                    **mismatch,
                )
                for mismatch in mismatches
            ]
        )

    def _fill_lines(self):
        """Show the values that differ from what SOOM last received, the invoice
        PDF when SOOM does not hold it, and the hourly rates that differ."""
        self.ensure_one()
        order = self.order_id
        document, held = order._ig_pending_document()
        invoice = order.ig_invoice_id
        self.write(
            {
                "document_json": json.dumps(document, sort_keys=True) if document else False,
                "document_display": order._ig_document_display(document) if document else False,
                "document_sent_display": order._ig_document_display(held) if held else False,
                "invoice_note": (
                    _(
                        "%(invoice)s, the last posted of %(count)s invoices",
                        invoice=invoice.name,
                        count=order.ig_invoice_count,
                    )
                    if order.ig_invoice_count > 1
                    else invoice.name
                )
                if invoice
                else False,
                "rate_warning": self._rate_warning(order._soom_pending_values()),
            }
        )
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
        if not self.line_ids and not document:
            self.message = _("SOOM already holds every value of this order. Nothing to send.")
            self.message_type = "info"

    def action_send(self):
        """Send the values shown; on failure show why and keep everything unmarked.

        The invoice PDF shown goes first (``upload_document``), then the
        values. Each attempt is logged in a transaction of its own before the
        request leaves (``soom.transmission._start_status_update``, which
        also finds a concurrent send of the same order, and
        ``_start_document_upload``), and completed, with what went marked as
        sent, in another one after the answer. Estimate values whose hourly
        rates differ from the broker's go only with "Send anyway" ticked.
        """
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        values = self._shown_values()
        document = self._shown_document()
        if values != order._soom_pending_values() or document != order._ig_pending_document()[0]:
            return self._show_again(
                _(
                    "The values of the order changed while the dialog was open. "
                    "Check the values below and send again."
                )
            )
        if not values and not document:
            raise UserError(_("Nothing to send: SOOM already holds every value."))
        if self._rate_warning(values) and not self.send_anyway:
            return self._show_again(
                _(
                    "The estimate does not use the agreed hourly rates (see below). Correct "
                    'the quotation, or tick "Send anyway" and send again.'
                )
            )
        Transmission = self.env["soom.transmission"]
        connection = order._ig_connection()
        with connection._portal_client() as client:
            try:
                body = client.status_body(from_payload(values)) if values else None
                if document:
                    file_name, content = order._ig_invoice_pdf()
                    document_body = client.document_body(
                        "Rechnung", file_name, content, content_type="application/pdf"
                    )
            except ValueError as error:
                _logger.info(
                    "SOOM values of order %s, broker %s, cannot be sent: %s",
                    order.name,
                    order.broker_id.name,
                    error,
                )
                return self._show_failure(Transmission._error_messages()["invalid"])
            if document:
                upload, upload_key = Transmission._start_document_upload(
                    order, connection, document_body, document
                )
                try:
                    answer = client.upload_document(
                        order.soom_case_id,
                        "Rechnung",
                        file_name,
                        content,
                        idempotency_key=upload_key,
                    )
                except PortalError as error:
                    return self._show_failure(upload._log_failure(error))
                upload._finish_document_upload({**document, "document_id": answer["document_id"]})
            if not values:
                order._ig_log_note(self._chatter_body(values, document))
                return self._sent_notification()
            transmission, key, warning = Transmission._start_status_update(
                order, connection, body, values, since=self.create_date
            )
            if warning:
                return self._show_again(warning)
            try:
                client.send_status(order.soom_case_id, from_payload(values), idempotency_key=key)
            except PortalError as error:
                if document:
                    order._ig_log_note(self._chatter_body({}, document))
                return self._show_failure(transmission._log_failure(error), uploaded=bool(document))
        transmission._finish_status_update(values)
        order._ig_log_note(self._chatter_body(values, document))
        return self._sent_notification()

    def _sent_notification(self):
        """The notification of a successful transmission; it closes the dialog."""
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

    def _show_failure(self, reason, uploaded=False):
        """Show the dialog again with why nothing was sent or marked (but the
        invoice PDF, when it was ``uploaded`` before the values failed)."""
        if uploaded:
            self._fill_lines()
            message = _(
                "%(reason)s The invoice PDF was uploaded and is marked as sent; the values "
                "below were not sent.",
                reason=reason,
            )
        else:
            message = _("%(reason)s Nothing was marked as sent.", reason=reason)
        self.write({"message": message, "message_type": "danger"})
        return self._reopen()

    def _chatter_body(self, values, document=None):
        """The chatter note of a successful transmission: what went."""
        order = self.order_id
        lines = [
            (order._soom_label(key), order._soom_format_json(key, value))
            for key, value in values.items()
        ]
        if document:
            lines.append((_("Invoice PDF"), order._ig_document_display(document)))
        return self.env["ir.qweb"]._render("ig_soom_dra.message_soom_sent", {"values": lines})
