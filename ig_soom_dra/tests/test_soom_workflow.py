# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import date, datetime
from pathlib import Path
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from ..core.soom import SoomClient
from .soom_common import CASE_374, SoomStandInMixin

RELEASE_ACTIVITY = "ig_soom_dra.mail_activity_type_release_due"

_logger = logging.getLogger(__name__)
ADDON_DIR = Path(__file__).resolve().parents[1]


@tagged("post_install", "-at_install")
class TestSoomWorkflow(SoomStandInMixin, TransactionCase):
    """Appointment assistant, repair release and its reminder, new orders from SOOM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        cls.env.user.tz = "Europe/Berlin"

    def _appointment(self, **values):
        form = Form(
            self.env["soom.appointment.wizard"].with_context(default_order_id=self.order.id)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _activities(self, xmlid):
        activity_type = self.env.ref(xmlid)
        return self.order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    # ------------------------------------------------------------------
    # Appointment assistant
    # ------------------------------------------------------------------

    def test_appointment_customer_reached(self):
        wizard = self._appointment(
            customer_reached="yes",
            call_time=datetime(2026, 3, 2, 8, 15),
            inspection_at=datetime(2026, 3, 4, 13, 0),
            vehicle_arrival="customer_leaves",
        )
        wizard.action_confirm()
        self.assertEqual(self.order.call_time, datetime(2026, 3, 2, 8, 15))
        self.assertTrue(self.order.customer_reached)
        self.assertEqual(self.order.inspection_at, datetime(2026, 3, 4, 13, 0))
        self.assertEqual(self.order.vehicle_arrival, "customer_leaves")
        self.assertFalse(self._activities("mail.mail_activity_data_call"))
        self.assertEqual(
            set(self.order._soom_pending_values()),
            {"call_time", "customer_reached", "inspection_at"},
        )

    def test_appointment_reached_requires_inspection(self):
        wizard = self.env["soom.appointment.wizard"].create(
            {"order_id": self.order.id, "customer_reached": "yes"}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.order.call_time)

    def test_appointment_customer_not_reached(self):
        # Friday afternoon: the follow-up call is on Monday
        wizard = self._appointment(customer_reached="no", call_time=datetime(2026, 3, 6, 14, 0))
        self.assertEqual(wizard.follow_up_date, date(2026, 3, 9))
        wizard.action_confirm()
        self.assertEqual(self.order.call_time, datetime(2026, 3, 6, 14, 0))
        self.assertFalse(self.order.customer_reached)
        self.assertFalse(self.order.inspection_at)
        calls = self._activities("mail.mail_activity_data_call")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.date_deadline, date(2026, 3, 9))
        self.assertEqual(calls.user_id, self.env.user)
        self.assertIn("customer not reached", self.order.message_ids[0].body)
        # The call attempt is a value for SOOM: call time, customer not reached
        self.assertEqual(
            self.order._soom_pending_values(),
            {"call_time": "2026-03-06T15:00:00+01:00", "customer_reached": False},
        )

    # ------------------------------------------------------------------
    # Repair release and its reminder
    # ------------------------------------------------------------------

    def test_release_reminder_follows_estimate(self):
        self.env["res.lang"]._activate_lang("en_US")  # the note's date in English
        self.order.estimate_sent_at = datetime(2026, 3, 5, 22, 30)
        self.assertEqual(self.order.release_due_at, datetime(2026, 3, 6, 22, 30))
        reminder = self._activities(RELEASE_ACTIVITY)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(self.order.activity_ids, reminder)
        self.assertEqual(reminder.summary, reminder.activity_type_id.summary)
        # 22:30 UTC is 23:30 in Germany, still the 6th
        self.assertEqual(reminder.date_deadline, date(2026, 3, 6))
        # A new estimate date moves the reminder, and its note; no second one
        self.order.estimate_sent_at = datetime(2026, 3, 9, 8, 0)
        self.assertEqual(self._activities(RELEASE_ACTIVITY), reminder)
        self.assertEqual(reminder.date_deadline, date(2026, 3, 10))
        self.assertIn("03/10/2026 09:00:00", reminder.note)
        # Clearing the estimate date removes it
        self.order.estimate_sent_at = False
        self.assertFalse(reminder.exists())
        self.assertFalse(self.order.release_due_at)

    def test_release_wizard_confirms_order_and_closes_reminder(self):
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        reminder = self._activities(RELEASE_ACTIVITY)
        self.assertTrue(reminder)
        action = self.order.action_soom_release()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.repair_start_planned = datetime(2026, 3, 9, 6, 0)
        form.repair_end_expected = datetime(2026, 3, 13, 15, 0)
        form.save().action_confirm()
        self.assertEqual(self.order.workshop_status, "ab")
        self.assertTrue(self.order.release_received)
        self.assertEqual(self.order.release_date, fields.Date.context_today(self.order))
        self.assertEqual(self.order.repair_start_planned, datetime(2026, 3, 9, 6, 0))
        self.assertEqual(self.order.repair_end_expected, datetime(2026, 3, 13, 15, 0))
        self.assertFalse(self.order.activity_ids & reminder)
        self.assertTrue(reminder.exists(), "marked done, kept in the history")
        self.assertFalse(reminder.active)
        self.assertIn("Repair release received.", "".join(self.order.message_ids.mapped("body")))
        self.assertEqual(
            set(self.order._soom_pending_values()),
            {
                "estimate_sent",
                "release_received",
                "release_date",
                "repair_start",
                "repair_end_expected",
            },
        )

    def test_release_requires_start_before_end(self):
        form = Form(self.env["soom.release.wizard"].with_context(default_order_id=self.order.id))
        form.repair_start_planned = datetime(2026, 3, 9, 6, 0)
        form.repair_end_expected = datetime(2026, 3, 8, 6, 0)
        with self.assertRaises(ValidationError):
            form.save()
        self.assertNotEqual(self.order.workshop_status, "ab")

    # ------------------------------------------------------------------
    # Nothing leaves without the button
    # ------------------------------------------------------------------

    def _run_cron(self, cron):
        """Run a scheduled action as the scheduler would; its own failures do not matter."""
        try:
            with mute_logger("odoo"), self.env.cr.savepoint():
                cron.ir_actions_server_id.run()
        except Exception as error:  # pylint: disable=broad-except
            _logger.info("Scheduled action %s failed in the test: %s", cron.name, error)

    def test_nothing_is_sent_without_the_button(self):
        with patch.object(SoomClient, "send_status", autospec=True) as send_status:
            order = self.env["repair.order"].create(
                {
                    "partner_id": self.customer.id,
                    "broker_id": self.broker_ig.id,
                    "soom_case_id": "7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362",
                    "call_time": datetime(2026, 3, 2, 8, 0),
                    "estimate_sent_at": datetime(2026, 3, 3, 8, 0),
                }
            )
            order.write({"repair_end_at": datetime(2026, 3, 20, 8, 0), "soom_notes": "x"})
            self._appointment(
                customer_reached="yes",
                inspection_at=datetime(2026, 3, 4, 13, 0),
                vehicle_arrival="pickup",
            ).action_confirm()
            self._appointment(customer_reached="no").action_confirm()
            release = Form(
                self.env["soom.release.wizard"].with_context(default_order_id=self.order.id)
            )
            release.repair_start_planned = datetime(2026, 3, 9, 6, 0)
            release.repair_end_expected = datetime(2026, 3, 13, 15, 0)
            release.save().action_confirm()
            self.order.action_soom_send()  # opening the dialog only shows the values
            for cron in self.env["ir.cron"].search([]):
                self._run_cron(cron)
            send_status.assert_not_called()
        self.assertFalse(self.standin.received())
        self.assertFalse((order | self.order).soom_transmission_ids)
        # No automated action, cron or server action names the sending code ...
        for code_word in ("send_status", "soom.send.wizard", "action_soom_send"):
            self.assertFalse(
                self.env["ir.actions.server"].search([("code", "ilike", code_word)]),
                code_word,
            )

        # ... and the only callers in the addon are the SOOM dialog, the
        # buttons of the new orders and the download of a draft's DRA file
        def callers(call):
            return {
                path.relative_to(ADDON_DIR).as_posix()
                for path in ADDON_DIR.rglob("*.py")
                if call in path.read_text(encoding="utf-8")
                and "tests" not in path.relative_to(ADDON_DIR).parts
            }

        self.assertEqual(callers(".send_status("), {"wizards/soom_send_wizard.py"})
        for call in (".accept_order(", ".decline_order("):
            self.assertEqual(callers(call), {"wizards/soom_fetch_wizard_line.py"}, call)
        self.assertEqual(
            callers(".download_dra("),
            {"wizards/soom_fetch_wizard_line.py", "models/repair_order.py"},
        )

    # ------------------------------------------------------------------
    # New orders from SOOM
    # ------------------------------------------------------------------

    def _fetch(self):
        action = self.env["soom.fetch.wizard"].action_fetch()
        return self.env["soom.fetch.wizard"].browse(action["res_id"])

    def test_fetch_lists_new_orders(self):
        wizard = self._fetch()
        # The setUp accepted the case of KSR202019374.xml
        self.assertEqual(
            sorted(wizard.line_ids.mapped("order_number")), ["202019362", "202019753", "202019900"]
        )
        line = wizard.line_ids.filtered(lambda line: line.order_number == "202019362")
        self.assertEqual(line.plate, "S-IG 123")
        self.assertTrue(line.customer_name)
        self.assertTrue(line.placed_at)

    def test_fetch_accept_hands_file_to_takeover_assistant(self):
        self.standin.reset()
        wizard = self._fetch()
        line = wizard.line_ids.filtered(lambda line: line.case_id == CASE_374)
        action = line.action_accept()
        self.assertEqual(action["res_model"], "dra.import.wizard")
        takeover = self.env["dra.import.wizard"].browse(action["res_id"])
        self.assertTrue(takeover.loaded)
        self.assertFalse(takeover.error_message)
        self.assertEqual(takeover.broker_order_ref, "202019374")
        self.assertEqual(takeover.soom_case_id, CASE_374)
        self.assertNotIn(CASE_374, self._fetch().line_ids.mapped("case_id"))
        # both exchanges are logged, and the takeover reads the file downloaded
        log = self.env["soom.transmission"].search(
            [("soom_case_id", "=", CASE_374), ("kind", "in", ("accept", "download"))]
        )
        self.assertEqual(
            sorted(log.mapped(lambda entry: (entry.kind, entry.state))),
            [("accept", "success"), ("download", "success")],
        )
        self.assertEqual(log.connection_id, self.connection)
        self.assertEqual(takeover.dra_attachment_id.create_uid, self.env.user)

    def test_fetch_decline_requires_reason(self):
        wizard = self._fetch()
        line = wizard.line_ids.filtered(lambda line: line.order_number == "202019362")
        case_id = line.case_id
        with self.assertRaises(UserError):
            line.action_decline()
        self.assertIn(case_id, self._fetch().line_ids.mapped("case_id"))
        line.decline_reason = "Keine Kapazität"
        action = line.action_decline()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertFalse(line.exists())
        self.assertNotIn(case_id, self._fetch().line_ids.mapped("case_id"))
        view = self.env.ref("ig_soom_dra.soom_fetch_wizard_line_view_form_decline")
        self.assertIn('confirm="', view.arch_db)

    def test_fetch_failure_is_a_clear_message(self):
        self.standin.set_mode("unauthorized")
        with self.assertRaisesRegex(UserError, "user name or password"):
            self.env["soom.fetch.wizard"].action_fetch()

    def test_not_configured(self):
        self.order.call_time = datetime(2026, 3, 2, 8, 0)
        wizard = self.env["soom.send.wizard"].browse(self.order.action_soom_send()["res_id"])
        self.connection.base_url = False
        with self.assertRaisesRegex(UserError, "not complete"):
            wizard.action_send()
        with self.assertRaisesRegex(UserError, "not complete"):
            self.order.action_soom_open_portal()
        self.connection.active = False
        with self.assertRaisesRegex(UserError, "no portal connection"):
            self.order.action_soom_send()
        with self.assertRaisesRegex(UserError, "no portal connection"):
            self.env["soom.fetch.wizard"].action_fetch()
        self.assertFalse(self.order.soom_transmission_ids)
