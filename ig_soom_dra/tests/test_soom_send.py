# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import time
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..core.soom import SOOM_FIELDS
from .soom_common import CASE_374, SoomStandInMixin, closed_port


@tagged("post_install", "-at_install")
class TestSoomSend(SoomStandInMixin, TransactionCase):
    """The SOOM button: preview, send, log, mark, and every kind of failure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()

    def _fill_appointment(self):
        self.order.write(
            {
                "call_time": datetime(2026, 3, 2, 8, 15),
                "customer_reached": True,
                "inspection_at": datetime(2026, 3, 4, 13, 0),
                "courtesy_car_class": "Klasse B",
                "soom_notes": "  Kunde bringt Zweitschlüssel  ",
            }
        )

    def _open_dialog(self):
        action = self.order.action_soom_send()
        self.assertEqual(action["res_model"], "soom.send.wizard")
        return self.env["soom.send.wizard"].browse(action["res_id"])

    @staticmethod
    def _dialog_payload(wizard):
        """The values the dialog shows, with SOOM's field names."""
        return {SOOM_FIELDS[line.key]: json.loads(line.value_json) for line in wizard.line_ids}

    def _states(self):
        return {line["key"]: line["state"] for line in self.order._soom_milestone_lines()}

    def _transmissions(self):
        return self.env["soom.transmission"].search([("order_id", "=", self.order.id)])

    def test_dialog_shows_only_values_that_differ(self):
        self._fill_appointment()
        wizard = self._open_dialog()
        self.assertEqual(
            set(wizard.line_ids.mapped("key")),
            {
                "call_time",
                "customer_reached",
                "inspection_at",
                "courtesy_car_class",
                "internal_notes",
            },
        )
        line = wizard.line_ids.filtered(lambda line: line.key == "inspection_at")
        self.assertEqual(line.label, "Inspection Appointment")
        self.assertTrue(line.new_value)
        self.assertFalse(line.sent_value)
        # Workshop-only milestones are never offered
        self.order.parts_ordered_at = datetime(2026, 3, 5, 9, 0)
        self.assertNotIn("parts_ordered", self._open_dialog().line_ids.mapped("key"))

    def test_success_sends_exactly_what_the_dialog_showed(self):
        self._fill_appointment()
        wizard = self._open_dialog()
        shown = self._dialog_payload(wizard)
        self.assertEqual(shown["Besichtigungstermin"], "2026-03-04T14:00:00+01:00")
        self.assertEqual(shown["InterneNotizen"], "Kunde bringt Zweitschlüssel")
        result = wizard.action_send()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(self._soom_values(), shown)
        received = self.standin.received()
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]["values"], shown)
        self.assertEqual(received[0]["outcome"], "applied")
        # Marked as sent: value, time, user
        sent = self.order.soom_sent_ids
        self.assertEqual(set(sent.mapped("key")), set(wizard.line_ids.mapped("key")))
        self.assertEqual(sent.sent_by_id, self.env.user)
        self.assertTrue(all(sent.mapped("sent_at")))
        states = self._states()
        self.assertEqual(states["inspection_at"], "sent")
        self.assertEqual(states["repair_start"], "not_sent")
        self.assertEqual(states["parts_ordered"], "local")
        self.assertIn("Sent to SOOM", self.order.message_ids[0].body)
        self.assertIn("Inspection Appointment", self.order.message_ids[0].body)
        self.assertIn("Sent", self.order.soom_status_html)
        # Nothing left to send; a change shows as "changed since" and only it is offered
        self.assertFalse(self._open_dialog().line_ids)
        self.order.inspection_at = datetime(2026, 3, 5, 7, 30)
        self.assertEqual(self._states()["inspection_at"], "changed")
        wizard = self._open_dialog()
        self.assertEqual(wizard.line_ids.key, "inspection_at")
        self.assertTrue(wizard.line_ids.sent_value)
        wizard.action_send()
        self.assertEqual(self._soom_values()["Besichtigungstermin"], "2026-03-05T08:30:00+01:00")
        self.assertEqual(len(self._applied()), 2)

    def test_transmission_log(self):
        self._fill_appointment()
        wizard = self._open_dialog()
        wizard.action_send()
        transmission = self._transmissions()
        self.assertEqual(len(transmission), 1)
        self.assertEqual(transmission.state, "success")
        self.assertEqual(transmission.user_id, self.env.user)
        self.assertEqual(transmission.soom_case_id, CASE_374)
        self.assertEqual(transmission.kind, "status")
        self.assertEqual(transmission.connection_id, self.connection)
        self.assertTrue(transmission.finished_at)
        self.assertRegex(transmission.idempotency_key, r"^ig-[0-9a-f]{40}$")
        received = self.standin.received()
        self.assertEqual(received[0]["idempotency_key"], transmission.idempotency_key)
        self.assertEqual(json.loads(transmission.payload), self._dialog_payload(wizard))
        self.assertIn("Inspection Appointment", transmission.values_display)
        self.assertEqual(self.order.soom_transmission_count, 1)
        action = self.order.action_view_soom_transmissions()
        self.assertEqual(self.env["soom.transmission"].search(action["domain"]), transmission)

    def test_server_error_then_success(self):
        self._set_soom_connection(self.standin.base_url, retries=2)
        self.standin.set_mode("error500", count=1)
        self._fill_appointment()
        wizard = self._open_dialog()
        wizard.action_send()
        self.assertEqual(self._transmissions().state, "success")
        self.assertEqual(self._soom_values(), self._dialog_payload(wizard))
        self.assertEqual(len(self._applied()), 1)

    def _assert_failed(self, wizard, code):
        """The dialog shows the failure, the log keeps it, and nothing is marked."""
        self.assertEqual(wizard.message_type, "danger")
        self.assertIn("Nothing was marked as sent.", wizard.message)
        transmission = self._transmissions()[0]
        self.assertEqual(transmission.state, "failed")
        self.assertEqual(transmission.error_code, code)
        self.assertIn(transmission.error_message, wizard.message)
        self.assertFalse(self.order.soom_sent_ids)
        self.assertTrue(wizard.line_ids, "the values are offered again")
        self.assertNotIn("Sent to SOOM", self.order.message_ids[:1].body or "")

    def test_server_error_fails_without_marking(self):
        self.standin.set_mode("error500")
        self._fill_appointment()
        wizard = self._open_dialog()
        action = wizard.action_send()
        self.assertEqual(action["res_id"], wizard.id)
        self._assert_failed(wizard, "server")
        self.assertIn("The portal reported an error", wizard.message)

    def test_unauthorized(self):
        self.standin.set_mode("unauthorized")
        self._fill_appointment()
        wizard = self._open_dialog()
        wizard.action_send()
        self._assert_failed(wizard, "unauthorized")
        self.assertIn("user name or password", wizard.message)
        self.assertFalse(self._applied())

    def test_a_refusal_says_why_in_the_user_s_words_and_keeps_the_portal_s(self):
        """Issue 9, A.2: the portal's (English) reason stays in the technical
        details; the user reads a message of its own per reason."""
        Transmission = self.env["soom.transmission"]
        self._fill_appointment()
        self.standin.reset()  # the case is no longer accepted in the portal
        wizard = self._open_dialog()
        wizard.action_send()
        self._assert_failed(wizard, "client")
        transmission = self._transmissions()[0]
        self.assertEqual(
            transmission.error_message, Transmission._refusal_messages()["wrong_state"]
        )
        self.assertIn("the order is not accepted", transmission.error_detail)
        self.assertNotIn("the order is not accepted", wizard.message)

        self.order.soom_case_id = "no-such-case"
        wizard = self._open_dialog()
        wizard.action_send()
        transmission = self._transmissions()[0]
        self.assertEqual(
            transmission.error_message, Transmission._refusal_messages()["unknown_case"]
        )
        self.assertIn("no order with case id no-such-case", transmission.error_detail)

    def test_connection_refused(self):
        self._set_soom_connection(f"http://127.0.0.1:{closed_port()}")
        self._fill_appointment()
        wizard = self._open_dialog()
        wizard.action_send()
        self._assert_failed(wizard, "connection")
        self.assertIn("could not be reached", wizard.message)

    def test_timeout_then_resend_is_applied_once(self):
        self._set_soom_connection(self.standin.base_url, timeout=0.3)
        self.standin.set_mode("slow", count=1, delay=1.0)
        self._fill_appointment()
        wizard = self._open_dialog()
        shown = self._dialog_payload(wizard)
        wizard.action_send()
        self._assert_failed(wizard, "timeout")
        self.assertIn("did not answer in time", wizard.message)
        failed = self._transmissions()
        # SOOM got the slow request after all: the workshop cannot know it
        self.assertEqual(len(self._wait_for_received(1)), 1)
        # Sending again resends the same values with the same key: applied once
        self._set_soom_connection(self.standin.base_url)
        self.assertEqual(self._dialog_payload(wizard), shown)
        wizard.action_send()
        transmissions = self._transmissions()
        self.assertEqual(len(transmissions), 2)
        self.assertEqual(transmissions[0].state, "success")
        self.assertEqual(transmissions[0].idempotency_key, failed.idempotency_key)
        received = self.standin.received()
        self.assertEqual([entry["outcome"] for entry in received], ["applied", "replayed"])
        self.assertEqual(len({entry["idempotency_key"] for entry in received}), 1)
        self.assertEqual(self._soom_values(), shown)
        self.assertEqual(len(self.order.soom_sent_ids), len(shown))

    def test_one_deadline_bounds_the_button_press(self):
        """SOOM answers later than the timeout: all attempts end within the deadline."""
        self._set_soom_connection(self.standin.base_url, timeout=0.4, retries=5, deadline=1.0)
        self.connection.backoff = 0.05
        self.standin.set_mode("slow", delay=1.5)
        self._fill_appointment()
        wizard = self._open_dialog()
        started = time.monotonic()
        wizard.action_send()
        elapsed = time.monotonic() - started
        self._assert_failed(wizard, "timeout")
        # 0.4 s per attempt, 6 attempts allowed by the retries: only the deadline stops them
        self.assertLess(elapsed, 1.0 + 0.5)
        # the stand-in got each attempt; wait until the slow ones ended
        time.sleep(1.6)
        self.assertIn(len(self.standin.received()), (2, 3))

    def test_resend_after_failure_sends_same_values_once(self):
        self.standin.set_mode("error500", count=1)
        self._fill_appointment()
        wizard = self._open_dialog()
        wizard.action_send()
        self._assert_failed(wizard, "server")
        wizard.action_send()
        first, second = self._transmissions().sorted("id")
        self.assertEqual((first.state, second.state), ("failed", "success"))
        self.assertEqual(first.payload, second.payload)
        self.assertEqual(first.idempotency_key, second.idempotency_key)
        self.assertEqual(len(self._applied()), 1)
        self.assertEqual(self._soom_values(), self._dialog_payload(wizard))

    def test_a_resend_by_another_user_carries_the_same_key(self):
        self.standin.set_mode("error500", count=1)
        self._fill_appointment()
        self._open_dialog().action_send()
        colleague = self.order.with_user(self.user_workshop)
        wizard = self.env["soom.send.wizard"].with_user(self.user_workshop)
        wizard.browse(colleague.action_soom_send()["res_id"]).action_send()
        first, second = self._transmissions().sorted("id")
        self.assertEqual((first.user_id, second.user_id), (self.env.user, self.user_workshop))
        self.assertEqual(first.idempotency_key, second.idempotency_key)
        self.assertEqual(second.state, "success")
        self.assertEqual(len(self._applied()), 1)

    def test_a_send_under_way_blocks_a_second_one_until_it_is_stale(self):
        self._fill_appointment()
        under_way = self.env["soom.transmission"].create(
            {"order_id": self.order.id, "user_id": self.user_workshop.id, "state": "pending"}
        )
        with self.assertRaisesRegex(UserError, "is sending values of this order"):
            self._open_dialog().action_send()
        self.assertFalse(self.standin.received())
        # a press whose result was never recorded (a crash) no longer blocks
        under_way.sent_at = fields.Datetime.now() - timedelta(seconds=self.connection.deadline + 61)
        self._open_dialog().action_send()
        self.assertEqual(under_way.state, "failed")
        self.assertEqual(under_way.error_code, "interrupted")
        self.assertEqual(len(self._applied()), 1)

    def test_new_values_after_failure_get_a_new_key(self):
        self.standin.set_mode("error500", count=1)
        self._fill_appointment()
        self._open_dialog().action_send()
        self.order.inspection_at = datetime(2026, 3, 6, 9, 0)
        self._open_dialog().action_send()
        first, second = self._transmissions().sorted("id")
        self.assertNotEqual(first.idempotency_key, second.idempotency_key)
        self.assertEqual(second.state, "success")

    def test_values_changed_while_dialog_open(self):
        self._fill_appointment()
        wizard = self._open_dialog()
        self.order.repair_start_planned = datetime(2026, 3, 9, 7, 0)
        wizard.action_send()
        self.assertEqual(wizard.message_type, "warning")
        self.assertIn("repair_start", wizard.line_ids.mapped("key"))
        self.assertFalse(self.standin.received())
        self.assertFalse(self._transmissions())

    def test_cleared_value_is_sent_as_empty(self):
        self._fill_appointment()
        self._open_dialog().action_send()
        self.order.write({"courtesy_car_class": False, "customer_reached": False})
        wizard = self._open_dialog()
        self.assertEqual(
            self._dialog_payload(wizard), {"Leihfahrzeugtyp": None, "KundeErreicht": False}
        )
        wizard.action_send()
        values = self._soom_values()
        self.assertIsNone(values.get("Leihfahrzeugtyp"))
        self.assertIs(values["KundeErreicht"], False)
        self.assertEqual(self._states()["courtesy_car_class"], "sent")

    def test_portal_button(self):
        action = self.order.action_soom_open_portal()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["url"], f"{self.standin.base_url}/OrderTracking/Edit/{CASE_374}")
