# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .soom_common import SoomStandInMixin


@tagged("post_install", "-at_install")
class TestSoomSecurity(SoomStandInMixin, TransactionCase):
    """Who sees the SOOM log and the credentials, and who may send."""

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
        with self.assertRaises(AccessError):
            self.order.with_user(self.user_company_b).action_soom_send()
        order_b = (
            self.env["repair.order"]
            .with_user(self.user_company_b)
            .create({"partner_id": self.customer.id, "soom_case_id": "x"})
        )
        self.assertEqual(order_b.company_id, self.company_b)
        self.assertEqual(order_b.soom_transmission_count, 0)

    def test_portal_user_has_no_access(self):
        self._send_as(self.user_workshop)
        for model in ("soom.transmission", "soom.milestone.sent", "repair.order"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_portal).search([])

    def test_credentials_are_for_administrators_only(self):
        for user in (self.user_workshop, self.user_manager, self.user_portal):
            params = self.env["ir.config_parameter"].with_user(user)
            with self.assertRaises(AccessError):
                params.get_param("ig_soom_dra.soom_password")
            with self.assertRaises(AccessError):
                params.search([("key", "=", "ig_soom_dra.soom_username")])
        settings = self.env["res.config.settings"].create({})
        with self.assertRaises(AccessError):
            settings.with_user(self.user_workshop).read(["ig_soom_password"])
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_manager).create({})
        # The administrator reads and changes them
        self.assertEqual(settings.ig_soom_password, "soom")
        self.assertEqual(settings.ig_soom_base_url, self.standin.base_url)

    def test_base_url_is_validated(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"ig_soom_base_url": "http://soom.example.com"})
        settings = self.env["res.config.settings"].create(
            {"ig_soom_base_url": "https://soom.example.com/", "ig_parts_service_email": "t@x.de"}
        )
        settings.execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("ig_soom_dra.soom_base_url"), "https://soom.example.com")
        self.assertEqual(params.get_param("ig_soom_dra.parts_service_email"), "t@x.de")
