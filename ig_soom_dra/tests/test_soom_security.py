# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import (
    SAMPLE_DIR,
    SECOND_COMPANY_PASSWORD,
    SOOM_PASSWORD,
    VERSION_1_PASSWORD,
    IgSoomCommonMixin,
)
from .soom_common import CASE_374, SoomStandInMixin
from .soom_standin import SoomStandIn


@tagged("post_install", "-at_install")
class TestSoomSecurity(SoomStandInMixin, TransactionCase):
    """Who sees the exchange log and the connection, who may send, and for which company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        cls.user_company_b = new_test_user(
            cls.env,
            login="ig_workshop_b",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.user_portal = new_test_user(cls.env, login="ig_soom_portal", groups="base.group_portal")

    def _send_as(self, user):
        self.order.with_user(user).write({"call_time": datetime(2026, 3, 2, 8, 0)})
        action = self.order.with_user(user).action_soom_send()
        wizard = self.env["soom.send.wizard"].with_user(user).browse(action["res_id"])
        wizard.action_send()
        return self.env["soom.transmission"].search([("order_id", "=", self.order.id)])

    def test_workshop_user_sends_and_reads_log_but_cannot_write_it(self):
        transmission = self._send_as(self.user_workshop)
        self.assertEqual(transmission.state, "success")
        self.assertEqual(transmission.user_id, self.user_workshop)
        self.assertEqual(self.order.soom_sent_ids.sent_by_id, self.user_workshop)
        as_user = transmission.with_user(self.user_workshop)
        self.assertEqual(as_user.state, "success")
        self.assertTrue(
            all(self.order.soom_sent_ids.with_user(self.user_workshop).mapped("value_json"))
        )
        with self.assertRaises(AccessError):
            as_user.write({"state": "failed"})
        with self.assertRaises(AccessError):
            as_user.unlink()
        with self.assertRaises(AccessError):
            self.env["soom.transmission"].with_user(self.user_workshop).create(
                {"order_id": self.order.id}
            )
        with self.assertRaises(AccessError):
            self.order.soom_sent_ids[0].with_user(self.user_workshop).write({"value_json": "1"})

    def test_order_form_shows_processing_status_to_workshop_user(self):
        self._send_as(self.user_workshop)
        form = Form(self.order.with_user(self.user_workshop))
        self.assertIn("Call Time", form.soom_status_html)
        self.assertIn(self.user_workshop.name, form.soom_status_html)
        self.assertEqual(form.soom_transmission_count, 1)

    def test_user_of_another_company_sees_nothing(self):
        self._send_as(self.user_workshop)
        Transmission = self.env["soom.transmission"].with_user(self.user_company_b)
        self.assertFalse(Transmission.search([]))
        self.assertFalse(self.env["soom.milestone.sent"].with_user(self.user_company_b).search([]))
        self.assertFalse(
            self.env["dra.broker.connection"].with_user(self.user_company_b).search([])
        )
        with self.assertRaises(AccessError):
            self.order.with_user(self.user_company_b).action_soom_send()
        order_b = (
            self.env["repair.order"]
            .with_user(self.user_company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "soom_case_id": "x",
                    "broker_id": self.broker_ig.id,
                }
            )
        )
        self.assertEqual(order_b.company_id, self.company_b)
        self.assertEqual(order_b.soom_transmission_count, 0)
        # Company B has no connection of its own: it cannot use company A's
        with self.assertRaisesRegex(UserError, "no portal connection"):
            order_b.action_soom_send()

    def test_user_of_another_company_cannot_list_or_decline_its_new_orders(self):
        Fetch = self.env["soom.fetch.wizard"]
        with self.assertRaisesRegex(UserError, "no portal connection"):
            Fetch.with_user(self.user_company_b).action_fetch()
        # A line forged with company A's connection is refused, and SOOM hears nothing
        line = (
            self.env["soom.fetch.wizard.line"]
            .with_user(self.user_company_b)
            .create(
                {
                    "wizard_id": Fetch.with_user(self.user_company_b).create({}).id,
                    "connection_id": self.connection.id,
                    "case_id": CASE_374,
                    "decline_reason": "Keine Kapazität",
                }
            )
        )
        self.standin.reset()
        with self.assertRaises(AccessError):
            line.action_decline()
        with self.assertRaises(AccessError):
            line.action_accept()
        self.assertEqual({order.status for order in self._client().list_new_orders()}, {"new"})
        self.assertFalse(self.env["soom.transmission"].search([("kind", "=", "decline")]))

    def test_two_companies_have_two_soom_logins(self):
        standin_b = SoomStandIn(
            SAMPLE_DIR,
            host="127.0.0.1",
            port=0,
            user="werkstatt-b",
            password=SECOND_COMPANY_PASSWORD,
        )
        standin_b.start()
        self.addCleanup(standin_b.stop)
        connection_b = self.env["dra.broker.connection"].create(
            {
                "broker_id": self.broker_ig.id,
                "company_id": self.company_b.id,
                "base_url": standin_b.base_url,
                "username": "werkstatt-b",
                "password": SECOND_COMPANY_PASSWORD,
                "retries": 0,
            }
        )
        self.standin.reset()
        wizard_b = self.env["soom.fetch.wizard"].with_user(self.user_company_b)
        wizard_b = wizard_b.browse(wizard_b.action_fetch()["res_id"])
        self.assertEqual(wizard_b.line_ids.connection_id, connection_b)
        line = wizard_b.line_ids.filtered(lambda line: line.case_id == CASE_374)
        line.decline_reason = "Keine Kapazität"
        line.action_decline()
        # B declined in B's portal; A's portal still offers the order
        self.assertIn(CASE_374, [order.case_id for order in self._client().list_new_orders()])
        log = self.env["soom.transmission"].search([("kind", "=", "decline")])
        self.assertEqual(log.connection_id, connection_b)
        self.assertEqual(log.company_id, self.company_b)
        self.assertEqual(log.state, "success")
        self.assertFalse(log.with_user(self.user_workshop).search([("kind", "=", "decline")]))

    def test_portal_user_has_no_access(self):
        self._send_as(self.user_workshop)
        for model in (
            "soom.transmission",
            "soom.milestone.sent",
            "repair.order",
            "dra.broker.connection",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_portal).search([])

    def test_connection_is_configured_by_administrators_only(self):
        for user in (self.user_workshop, self.user_manager):
            with self.assertRaises(AccessError):
                self.connection.with_user(user).write({"timeout": 3})
            with self.assertRaises(AccessError):
                self.env["dra.broker.connection"].with_user(user).create(
                    {"broker_id": self.broker_ig.id, "company_id": self.company_b.id}
                )
        self.assertEqual(self.connection.password, SOOM_PASSWORD)

    def test_base_url_is_validated(self):
        with self.assertRaises(ValidationError):
            self.connection.base_url = "http://soom.example.com"
        with self.assertRaises(ValidationError):
            self.connection.base_url = "https://user:pw@soom.example.com"
        self.connection.base_url = " https://soom.example.com/ "
        self.assertEqual(self.connection.base_url, "https://soom.example.com")
        with self.assertRaises(ValidationError):
            self.connection.deadline = 0

    def test_one_connection_per_broker_and_company(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            self.env["dra.broker.connection"].create(
                {"broker_id": self.broker_ig.id, "company_id": self.env.company.id}
            )

    def test_the_client_is_built_from_the_record(self):
        self.connection.write({"timeout": 4, "retries": 2, "backoff": 0.25, "deadline": 9})
        with self.connection.with_user(self.user_workshop)._portal_client() as client:
            self.assertEqual(client.base_url, self.standin.base_url)
            self.assertEqual((client.timeout, client.retries, client.backoff), (4, 2, 0.25))
            self.assertEqual(client.deadline.seconds, 9)
        self.assertIn(
            ("soom", "Innovation Group SOOM"),
            self.env["dra.broker.connection"]._fields["adapter"]._description_selection(self.env),
        )


@tagged("post_install", "-at_install")
class TestSoomParameterMigration(IgSoomCommonMixin, TransactionCase):
    """Version 2 moves the SOOM settings of version 1 onto the IG broker's connection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()

    def test_system_parameters_move_onto_the_connection(self):
        Connection = self.env["dra.broker.connection"].with_context(active_test=False)
        Connection.search([]).unlink()
        params = self.env["ir.config_parameter"].sudo()
        old = {
            "ig_soom_dra.soom_base_url": "https://soom.example.com/",
            "ig_soom_dra.soom_username": "werkstatt",
            "ig_soom_dra.soom_password": VERSION_1_PASSWORD,
            "ig_soom_dra.soom_timeout": "7",
            "ig_soom_dra.soom_retries": "1",
            "ig_soom_dra.parts_service_email": "teile@example.com",
        }
        for key, value in old.items():
            params.set_param(key, value)

        connection = Connection._migrate_system_parameters()

        self.assertEqual(connection.broker_id, self.broker_ig)
        self.assertEqual(connection.company_id, self.env.ref("base.main_company"))
        self.assertEqual(connection.base_url, "https://soom.example.com")
        self.assertEqual(connection.username, "werkstatt")
        self.assertEqual(connection.password, VERSION_1_PASSWORD)
        self.assertEqual((connection.timeout, connection.retries), (7.0, 1))
        self.assertEqual(connection.parts_service_email, "teile@example.com")
        self.assertFalse(params.search([("key", "in", list(old))]))
        # Run again (nothing left): nothing changes
        self.assertFalse(Connection._migrate_system_parameters())
        self.assertEqual(Connection.search([]), connection)

    def test_no_secret_is_left_in_the_system_parameters_or_the_settings(self):
        self.assertFalse(
            self.env["ir.config_parameter"]
            .sudo()
            .search([("key", "=like", "ig_soom_dra.soom\\_%")])
        )
        settings = self.env["res.config.settings"].fields_get()
        self.assertFalse([name for name in settings if name.startswith("ig_soom")])
