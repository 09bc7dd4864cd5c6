# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import logging
import time
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core.portal import PortalError
from ..formatting import format_local_datetime

_logger = logging.getLogger(__name__)

#: A status update still "pending" this long after its deadline was cut off
#: by a crash; it no longer blocks the next one.
STALE_AFTER = timedelta(seconds=60)


class SoomTransmission(models.Model):
    """One exchange with a broker's portal: a status update, an acceptance, a
    refusal, the download of a DRA file or a connection test.

    Every exchange is written here in a transaction of its own, committed
    before the request leaves, and completed in another one after the
    answer: nothing the user's transaction does later (or a failure of it)
    erases what was exchanged. Users read the log; only the exchange logic
    writes it.
    """

    _name = "soom.transmission"
    _description = "SOOM Transmission"
    _order = "sent_at desc, id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(
        [
            ("status", "Status Update"),
            ("document", "Document Upload"),
            ("accept", "Acceptance"),
            ("decline", "Refusal"),
            ("download", "DRA Download"),
            ("test", "Connection Test"),
        ],
        required=True,
        default="status",
    )
    connection_id = fields.Many2one(
        "dra.broker.connection", string="Portal Connection", index=True, ondelete="set null"
    )
    order_id = fields.Many2one(
        "repair.order", string="Repair Order", index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True
    )
    soom_case_id = fields.Char(string="SOOM Case ID")
    sent_at = fields.Datetime(string="Time", required=True, default=fields.Datetime.now)
    finished_at = fields.Datetime(string="Answered At")
    duration_ms = fields.Integer(
        string="Duration (ms)",
        help="How long the exchange took, from the request leaving to the answer (or the "
        "failure), in milliseconds.",
    )
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    values_json = fields.Text(
        string="Values (JSON)", help="The milestone values sent, by milestone key."
    )
    values_display = fields.Text(string="Values")
    payload = fields.Text(help="The body of the request, with the portal's field names (JSON).")
    idempotency_key = fields.Char(
        help="The portal applies a key only once. The key is derived from the case, the "
        "values and the last successful update, so that any resend of the same values, "
        "by anyone, carries the same key."
    )
    state = fields.Selection(
        [("pending", "Pending"), ("success", "Success"), ("failed", "Failed")],
        string="Result",
        required=True,
        default="pending",
    )
    error_code = fields.Selection(
        # The codes of core.portal.PortalError; "invalid" for values that
        # could not be prepared, "interrupted" for an exchange whose result
        # was never recorded.
        [
            ("unauthorized", "Credentials refused"),
            ("timeout", "No answer in time"),
            ("connection", "Not reachable"),
            ("server", "Error in the portal"),
            ("client", "Request refused"),
            ("bad_response", "Unexpected answer"),
            ("invalid", "Invalid values"),
            ("interrupted", "Result unknown"),
        ],
    )
    error_message = fields.Text(string="Message")
    error_detail = fields.Text(string="Technical Details")

    def init(self):
        """At most one status update per order under way: a second, concurrent
        one fails on this index instead of sending the same values again."""
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS soom_transmission_one_pending_status
                ON soom_transmission (order_id)
             WHERE state = 'pending' AND kind = 'status'
            """
        )

    @api.depends("order_id.company_id", "connection_id.company_id")
    def _compute_company_id(self):
        for transmission in self:
            transmission.company_id = (
                transmission.order_id.company_id or transmission.connection_id.company_id
            )

    @api.depends("kind", "order_id.name", "soom_case_id", "sent_at")
    @api.depends_context("lang", "tz")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for transmission in self:
            sent_at = transmission.sent_at
            transmission.name = " – ".join(
                filter(
                    None,
                    [
                        kinds.get(transmission.kind),
                        transmission.order_id.name or transmission.soom_case_id,
                        format_local_datetime(self.env, sent_at),
                    ],
                )
            )

    @api.model
    def _error_messages(self):
        """A message for the workshop per error code (see ``error_code``)."""
        return {
            "unauthorized": _(
                "The portal refused the user name or password. Ask your administrator to "
                "check the portal connection."
            ),
            "timeout": _(
                "The portal did not answer in time. The values may have arrived or not: "
                "send again, the portal applies them only once."
            ),
            "connection": _(
                "The portal could not be reached. Check the internet connection and the "
                "address of the portal connection, then send again."
            ),
            "server": _("The portal reported an error. Try again later."),
            "client": _("The portal refused the request. Check the values and the case ID."),
            "bad_response": _(
                "The portal answered in an unexpected way. Ask your administrator to check "
                "the address of the portal connection."
            ),
            "invalid": _("The values could not be prepared for the portal."),
            "interrupted": _("The exchange was interrupted; its result is unknown."),
        }

    @api.model
    def _refusal_messages(self):
        """A message for the workshop per reason the portal refused a request
        (``core.portal.REFUSAL_REASONS``); the portal's own words go to the
        technical details."""
        return {
            "unknown_case": _(
                "The portal does not know this case. Check the SOOM case ID of the order."
            ),
            "wrong_state": _(
                "The portal refused: the state of the order in the portal does not allow "
                "this (it is not accepted yet, or it was declined or accepted already). "
                "Open the case in the portal to see its state."
            ),
            "invalid_request": _(
                "The portal refused a value as invalid. The technical details of the "
                "transmission say which one; correct it and send again."
            ),
            "key_reused": _(
                "The portal received other values under the same key before. Open the "
                "dialog again and send again."
            ),
        }

    @api.model
    def _failure_message(self, error):
        """The message for the workshop of a failed exchange ``error``."""
        if not isinstance(error, PortalError):
            return self._error_messages()["invalid"]
        return self._refusal_messages().get(error.reason) or self._error_messages()[error.code]

    # ------------------------------------------------------------------
    # Writing the log in transactions of its own
    # ------------------------------------------------------------------

    @api.model
    def _log_start(self, values):
        """Create a log entry and commit it at once, in a transaction of its own.

        Returns the entry with the moment it started (a monotonic clock, in
        its context), from which :meth:`_log_finish` measures the duration.
        """
        self.env.flush_all()
        with self.env.registry.cursor() as cr:
            transmission_id = self.with_env(self.env(cr=cr)).sudo().create(values).id
        return self._started(transmission_id)

    @api.model
    def _started(self, transmission_id):
        """The entry ``transmission_id``, its exchange starting now."""
        return self.browse(transmission_id).with_context(ig_soom_exchange_started=time.monotonic())

    def _log_finish(self, values, then=None):
        """Complete the log entry in a transaction of its own; ``then(entry)``
        runs in that transaction too (e.g. marking values as sent).

        Records and logs how long the exchange took, naming the order and
        the broker (never a value or a credential).
        """
        self.ensure_one()
        started = self.env.context.get("ig_soom_exchange_started")
        duration_ms = round((time.monotonic() - started) * 1000) if started else 0
        with self.env.registry.cursor() as cr:
            transmission = self.with_env(self.env(cr=cr)).sudo()
            transmission.write(
                {"finished_at": fields.Datetime.now(), "duration_ms": duration_ms, **values}
            )
            if then:
                then(transmission)
            _logger.info(
                "Portal exchange %s (%s) of order %s, broker %s, case %s: %s in %d ms%s",
                transmission.id,
                transmission.kind,
                transmission.order_id.name or "-",
                transmission.connection_id.broker_id.name or "-",
                transmission.soom_case_id or "-",
                transmission.state,
                duration_ms,
                f" ({transmission.error_code}: {transmission.error_detail})"
                if transmission.state == "failed"
                else "",
            )
        self.env.invalidate_all()

    def _log_failure(self, error):
        """Complete the entry as failed with ``error`` (a ``PortalError``); returns the message."""
        code = error.code if isinstance(error, PortalError) else "invalid"
        message = self._failure_message(error)
        self._log_finish(
            {
                "state": "failed",
                "error_code": code,
                "error_message": message,
                "error_detail": str(error),
            }
        )
        return message

    @api.model
    def _exchange(self, connection, kind, case_id, request, *, summary=False):
        """Run one request to the portal (``request()``), logged before and after.

        Returns what the request returns; a ``PortalError`` is logged and
        raised again.
        """
        transmission = self._log_start(
            {
                "kind": kind,
                "connection_id": connection.id,
                "soom_case_id": case_id,
                "user_id": self.env.uid,
                "values_display": summary,
            }
        )
        try:
            result = request()
        except PortalError as error:
            transmission._log_failure(error)
            raise
        transmission._log_finish({"state": "success"})
        return result

    # ------------------------------------------------------------------
    # Status updates
    # ------------------------------------------------------------------

    @api.model
    def _idempotency_key(self, case_id, payload, last_key):
        """The key of a status update: the same case, body and last successful
        update give the same key, whoever sends and however often."""
        digest = hashlib.sha256("\n".join([case_id, payload, last_key or ""]).encode())
        return f"ig-{digest.hexdigest()[:40]}"

    @api.model
    def _start_status_update(self, order, connection, body, values, since):
        """Log a status update of ``order`` as pending, in a transaction of its own.

        In that fresh transaction it checks what a concurrent user may have
        done: another update of the order under way raises ``UserError``;
        values that are no longer what the order has to send (sent meanwhile,
        or changed) return ``(False, False, warning)``. Otherwise it derives
        the idempotency key and returns ``(entry, key, False)``. The entry is
        committed after the user's transaction began, so the user's
        transaction cannot read it: only its id and the key are used there.

        :param body: the request body the adapter sends (``status_body``).
        :param values: ``{milestone key: JSON value}`` shown to the user.
        :param since: when the user was shown them (the dialog opened).
        """
        payload = json.dumps(body, sort_keys=True)
        self.env.flush_all()
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            Transmission = self.with_env(env).sudo()
            status_updates = [("order_id", "=", order.id), ("kind", "=", "status")]
            pending = Transmission.search([*status_updates, ("state", "=", "pending")], limit=1)
            stale_before = (
                fields.Datetime.now() - timedelta(seconds=connection.deadline) - STALE_AFTER
            )
            if pending and pending.sent_at > stale_before:
                raise UserError(
                    _(
                        "%(user)s is sending values of this order to the portal right now "
                        "(since %(time)s). Wait a moment, then open the dialog again.",
                        user=pending.user_id.name,
                        time=format_local_datetime(self.env, pending.sent_at, seconds=False),
                    )
                )
            if pending:
                pending.write(
                    {
                        "state": "failed",
                        "error_code": "interrupted",
                        "error_message": self._error_messages()["interrupted"],
                    }
                )
            last = Transmission.search([*status_updates, ("state", "=", "success")], limit=1)
            if order.with_env(env)._soom_pending_values() != values:
                if last and last.sent_at >= since:
                    return (
                        False,
                        False,
                        _(
                            "Meanwhile %(user)s sent values of this order to the portal "
                            "(%(time)s). Below is what is left to send.",
                            user=last.user_id.name,
                            time=format_local_datetime(self.env, last.sent_at, seconds=False),
                        ),
                    )
                return (
                    False,
                    False,
                    _(
                        "The values of the order changed while the dialog was open. "
                        "Check the values below and send again."
                    ),
                )
            try:
                with cr.savepoint():
                    transmission = Transmission.create(
                        {
                            "kind": "status",
                            "connection_id": connection.id,
                            "order_id": order.id,
                            "soom_case_id": order.soom_case_id,
                            "user_id": self.env.uid,
                            "values_json": json.dumps(values, sort_keys=True),
                            "values_display": "\n".join(
                                f"{order._soom_label(key)}: {order._soom_format_json(key, value)}"
                                for key, value in values.items()
                            ),
                            "payload": payload,
                            "idempotency_key": self._idempotency_key(
                                order.soom_case_id, payload, last.idempotency_key
                            ),
                        }
                    )
            except UniqueViolation:
                raise UserError(
                    _(
                        "Someone else is sending values of this order to the portal right "
                        "now. Wait a moment, then open the dialog again."
                    )
                ) from None
            transmission_id, key = transmission.id, transmission.idempotency_key
        return self._started(transmission_id), key, False

    # ------------------------------------------------------------------
    # Document uploads
    # ------------------------------------------------------------------

    @api.model
    def _start_document_upload(self, order, connection, body, document):
        """Log the upload of ``document`` (the invoice PDF) of ``order`` as
        pending, in a transaction of its own; returns ``(entry, key)``.

        The key depends on the case and the file only, so a resend of the
        same PDF after an unclear failure is applied once by the portal.
        """
        payload = json.dumps(body, sort_keys=True)
        key = self._idempotency_key(order.soom_case_id, payload, "document")
        transmission = self._log_start(
            {
                "kind": "document",
                "connection_id": connection.id,
                "order_id": order.id,
                "soom_case_id": order.soom_case_id,
                "user_id": self.env.uid,
                "values_json": json.dumps(document, sort_keys=True),
                "values_display": f"{_('Invoice PDF')}: {order._ig_document_display(document)}",
                "payload": payload,
                "idempotency_key": key,
            }
        )
        return transmission, key

    def _finish_document_upload(self, document):
        """Complete an upload as a success and mark the document as uploaded,
        in a transaction of its own."""
        self.ensure_one()
        self._log_finish(
            {"state": "success"},
            then=lambda transmission: transmission.order_id._soom_mark_document_sent(
                document, transmission
            ),
        )

    def _finish_status_update(self, values):
        """Complete a status update as a success and mark ``values`` as sent,
        in a transaction of its own."""
        self.ensure_one()
        self._log_finish(
            {"state": "success"},
            then=lambda transmission: transmission.order_id._soom_mark_sent(values, transmission),
        )
