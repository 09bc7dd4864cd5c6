# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from ..models import dra_broker_connection
from .soom_common import SoomStandInMixin, closed_port

#: SOOM case id of the sample file KSR202019362.xml.
CASE_362 = "7c0e4f53-2a4b-4f0e-9d0c-5b1d1c7a0362"


@tagged("post_install", "-at_install")
class TestSoomNewOrders(SoomStandInMixin, TransactionCase):
    """Issue 9, A.6: the new orders of SOOM (orders already in Odoo, declining
    with a reason asked first) and the connection test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()

    def _fetch(self, user=None):
        Fetch = self.env["soom.fetch.wizard"].with_user(user or self.env.user)
        return Fetch.browse(Fetch.action_fetch()["res_id"])

    def _line(self, wizard, number):
        return wizard.line_ids.filtered(lambda line: line.order_number == number)

    # ------------------------------------------------------------------
    # The list of new orders
    # ------------------------------------------------------------------

    def test_orders_already_in_odoo_are_marked(self):
        self.standin.reset()
        # 202019374 is the test's order (case and number); 202019362 was
        # imported by hand, without case, under its broker order number.
        by_hand = self.env["repair.order"].create(
            {"broker_id": self.broker_ig.id, "broker_order_ref": "202019362"}
        )
        other_broker = self.env["dra.broker"].create({"name": "Eurogarant", "code": "EG"})
        self.env["repair.order"].create(
            {"broker_id": other_broker.id, "broker_order_ref": "202019753"}
        )
        wizard = self._fetch()
        self.assertEqual(self._line(wizard, "202019374").order_id, self.order)
        self.assertEqual(self._line(wizard, "202019362").order_id, by_hand)
        # the same number at another broker is another order
        self.assertFalse(self._line(wizard, "202019753").order_id)
        self.assertFalse(self._line(wizard, "202019900").order_id)

    def test_list_columns_are_readable(self):
        arch = etree.fromstring(
            self.env["soom.fetch.wizard"].get_view(
                self.env.ref("ig_soom_dra.soom_fetch_wizard_view_form").id
            )["arch"]
        )
        columns = arch.xpath("//field[@name='line_ids']/list/field[not(@column_invisible)]")
        names = [column.get("name") for column in columns]
        self.assertIn("order_id", names)
        # the reason is asked in a dialog of its own, not squeezed into a column
        self.assertNotIn("decline_reason", names)
        action = self.env["soom.fetch.wizard"].action_fetch()
        self.assertEqual(action["context"]["dialog_size"], "extra-large")

    # ------------------------------------------------------------------
    # Declining: the reason first, then the confirmation
    # ------------------------------------------------------------------

    def test_decline_asks_for_the_reason_before_the_confirmation(self):
        wizard = self._fetch()
        line = self._line(wizard, "202019362")
        list_view = etree.fromstring(
            self.env.ref("ig_soom_dra.soom_fetch_wizard_view_form").arch_db.encode()
        )
        (decline_button,) = list_view.xpath("//list/button[@string='Decline']")
        # the list's button only opens the dialog: nothing is sent, nothing confirmed
        self.assertEqual(decline_button.get("name"), "action_open_decline")
        self.assertIsNone(decline_button.get("confirm"))
        action = line.action_open_decline()
        self.assertEqual((action["res_model"], action["res_id"]), (line._name, line.id))
        self.assertEqual(action["target"], "new")
        self.assertFalse(self.standin.received())
        self.assertFalse(
            self.env["soom.transmission"].search([("kind", "=", "decline")]),
            "opening the dialog declines nothing",
        )
        dialog = etree.fromstring(
            self.env.ref("ig_soom_dra.soom_fetch_wizard_line_view_form_decline").arch_db.encode()
        )
        (reason,) = dialog.xpath("//field[@name='decline_reason']")
        self.assertEqual(reason.get("required"), "1")
        (send,) = dialog.xpath("//footer/button[@name='action_decline']")
        self.assertTrue(send.get("confirm"), "the confirmation comes after the reason")
        # the dialog as the user fills it in
        dialog_view = self.env.ref("ig_soom_dra.soom_fetch_wizard_line_view_form_decline")
        with Form(line, view=dialog_view) as form:
            form.decline_reason = "Keine Kapazität vor Monatsende"
        back = line.action_back()
        self.assertEqual((back["res_model"], back["res_id"]), (wizard._name, wizard.id))
        self.assertIn(CASE_362, self._fetch().line_ids.mapped("case_id"))
        action = line.action_decline()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertNotIn(CASE_362, self._fetch().line_ids.mapped("case_id"))

    def test_declining_an_order_in_odoo_notes_it_on_the_order(self):
        self.standin.reset()
        order = self.env["repair.order"].create(
            {"broker_id": self.broker_ig.id, "broker_order_ref": "202019362"}
        )
        other = self.env["repair.order"].create({"broker_id": self.broker_ig.id})
        wizard = self._fetch(self.user_workshop)
        line = self._line(wizard, "202019362")
        self.assertEqual(line.order_id, order)
        line.decline_reason = "Fahrzeug bereits in einer anderen Werkstatt"
        line.action_decline()
        note = order.message_ids.filtered(
            lambda message: "Fahrzeug bereits in einer anderen Werkstatt" in message.body
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.user_workshop.partner_id)
        self.assertFalse(
            other.message_ids.filtered(lambda message: "anderen Werkstatt" in message.body)
        )
        # an order not in Odoo has nowhere to note it: declined all the same
        line_900 = self._line(wizard, "202019900")
        line_900.decline_reason = "Keine Kapazität"
        line_900.action_decline()
        declines = self.env["soom.transmission"].search([("kind", "=", "decline")])
        self.assertEqual(declines.mapped("state"), ["success", "success"])

    # ------------------------------------------------------------------
    # Verbindung testen
    # ------------------------------------------------------------------

    def _test_connection(self, user=None):
        connection = self.connection.with_user(user) if user else self.connection
        return connection.action_test_connection()["params"]

    def _tests_logged(self):
        return self.env["soom.transmission"].search(
            [("kind", "=", "test"), ("connection_id", "=", self.connection.id)]
        )

    def test_connection_test_says_what_worked(self):
        self.standin.reset()
        params = self._test_connection()
        self.assertEqual(params["type"], "success")
        self.assertIn(self.standin.base_url, params["message"])
        self.assertIn("lists 4 new orders", params["message"])
        log = self._tests_logged()
        self.assertEqual(log.mapped("state"), ["success"])
        self.assertEqual(log.user_id, self.env.user)
        # it reads only: no status update, nothing accepted or declined
        self.assertFalse(self.standin.received())
        self.assertEqual(len(self._fetch().line_ids), 4)

    def test_connection_test_says_what_failed(self):
        self.standin.set_mode("unauthorized")
        params = self._test_connection()
        self.assertEqual(params["type"], "danger")
        self.assertIn("user name or password", params["message"])
        self.assertIn("401", params["message"])
        self._set_soom_connection(f"http://127.0.0.1:{closed_port()}")
        params = self._test_connection()
        self.assertEqual(params["type"], "danger")
        self.assertIn("could not be reached", params["message"])
        self.assertEqual(
            sorted(self._tests_logged().mapped("error_code")), ["connection", "unauthorized"]
        )

    def test_connection_test_has_a_short_deadline(self):
        self._set_soom_connection(self.standin.base_url, timeout=10, retries=3, deadline=15)
        self.standin.set_mode("slow", delay=3)
        # the portal answers after 3 s: only the short deadline makes this a timeout
        with patch.object(dra_broker_connection, "TEST_DEADLINE", 1.0):
            params = self._test_connection()
        self.assertEqual(params["type"], "danger")
        self.assertIn("did not answer within 1 seconds", params["message"])
        self.assertEqual(self._tests_logged().error_code, "timeout")

    def test_connection_test_is_for_administrators_only(self):
        for user in (self.user_workshop, self.user_manager):
            with self.assertRaises(AccessError):
                self._test_connection(user)
        self.assertFalse(self._tests_logged())
        view = etree.fromstring(
            self.env.ref("ig_soom_dra.dra_broker_connection_view_form").arch_db.encode()
        )
        (button,) = view.xpath("//header/button[@name='action_test_connection']")
        self.assertEqual(button.get("groups"), "base.group_system")
