# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
from datetime import datetime

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import SOOM_PASSWORD, SOOM_USER
from .soom_common import SoomStandInMixin

#: Text columns that people or the exchange log read: no secret may be in them.
STORED_TEXTS = {
    "mail_message": ("body", "subject", "record_name"),
    "mail_tracking_value": (
        "old_value_char",
        "new_value_char",
        "old_value_text",
        "new_value_text",
    ),
    "soom_transmission": (
        "values_json",
        "values_display",
        "payload",
        "idempotency_key",
        "error_message",
        "error_detail",
    ),
}


@tagged("post_install", "-at_install")
class TestNoSecretInLogsOrRecords(SoomStandInMixin, TransactionCase):
    """The portal password, and the HTTP Basic token made of it, are never in a
    log line, a chatter message, a tracked value or an exchange record: after
    a connection test, a status update sent, one refused for the credentials,
    and a change of the password."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        token = base64.b64encode(f"{SOOM_USER}:{SOOM_PASSWORD}".encode()).decode()
        cls.secrets = (SOOM_PASSWORD, token)

    def _send(self, **values):
        self.order.write(values)
        action = self.order.action_soom_send()
        return self.env["soom.send.wizard"].browse(action["res_id"]).action_send()

    def test_no_secret_anywhere(self):
        with self.assertLogs(level=logging.DEBUG) as logs:
            self.connection.action_test_connection()
            self._send(call_time=datetime(2026, 3, 2, 8, 15), customer_reached=True)
            self.standin.set_mode("unauthorized")
            self._send(inspection_at=datetime(2026, 3, 4, 13, 0))
            self.connection.password = f"{SOOM_PASSWORD}-neu"
            logging.getLogger(__name__).debug("the flow ran")
        transmissions = self.env["soom.transmission"].search(
            [("connection_id", "=", self.connection.id)]
        )
        self.assertEqual(
            sorted(transmissions.mapped("state")),
            ["failed", "success", "success"],
            "the flow exchanged with the portal (test, one update sent, one refused)",
        )
        self.assertTrue(
            any("ms" in line and "of order" in line for line in logs.output),
            "the exchanges were logged with their duration",
        )
        for line in logs.output:
            for secret in self.secrets:
                self.assertNotIn(secret, line)
        self.env.flush_all()
        for table, columns in STORED_TEXTS.items():
            for column in columns:
                for secret in self.secrets:
                    self.env.cr.execute(
                        SQL(
                            "SELECT count(*) FROM %s WHERE %s::text LIKE %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            f"%{secret}%",
                        )
                    )
                    self.assertEqual(
                        self.env.cr.fetchone()[0], 0, f"{secret!r} in {table}.{column}"
                    )

    def test_exchange_records_its_duration_and_logs_order_and_broker(self):
        with self.assertLogs(level=logging.INFO) as logs:
            self._send(call_time=datetime(2026, 3, 2, 8, 15))
        transmission = self.env["soom.transmission"].search(
            [("order_id", "=", self.order.id)], limit=1
        )
        self.assertEqual(transmission.state, "success")
        self.assertGreater(transmission.duration_ms, 0)
        (line,) = [line for line in logs.output if "Portal exchange" in line]
        self.assertIn(f"of order {self.order.name}", line)
        self.assertIn(f"broker {self.broker_ig.name}", line)
        self.assertIn(f"success in {transmission.duration_ms} ms", line)
