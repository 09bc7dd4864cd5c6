# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOrderTour(HttpCase):
    """Issue 10, point 17: the workshop confirms a date and creates the
    repair order in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.write({"email": "werkstatt@example.com", "tz": "Europe/Berlin"})
        cls.user = new_test_user(
            cls.env,
            login="dr_order_tour",
            email="meister@example.com",
            tz="Europe/Berlin",
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Gertrud Müller",
                "street": "Hauptstraße 5",
                "zip": "70178",
                "city": "Stuttgart",
                "email": "gertrud@example.com",
                "country_id": cls.env.ref("base.de").id,
            }
        )
        cls.start = (datetime.now() + timedelta(days=7)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        cls.report = cls.env["damage.report"].create(
            {
                "user_id": cls.user.id,
                "customer_name": "Gertrud Müller",
                "customer_street": "Hauptstraße 5",
                "customer_zip": "70178",
                "customer_city": "Stuttgart",
                "customer_email": "gertrud@example.com",
                "license_plate": "S-GM 123",
                "vin": "WDD1173421N456789",
                "vehicle_make": "Mercedes-Benz",
                "vehicle_model": "C 200",
                "state": "reported",
                "slot_ids": [
                    Command.create({"kind": "preferred", "start": cls.start}),
                    Command.create({"kind": "preferred", "start": cls.start + timedelta(days=1)}),
                ],
            }
        )

    def _url(self):
        return f"/odoo/action-workshop_damage_report.damage_report_action/{self.report.id}"

    def _check(self):
        report = self.report
        self.assertEqual(report.state, "order_created")
        self.assertEqual(report.appointment_at, self.start)
        self.assertTrue(report.calendar_event_id)
        order = report.repair_order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.vehicle_id.vin_sn, "WDD1173421N456789")
        self.assertEqual(order.damage_report_ids, report)

    def _run_tour(self):
        self.start_tour(self._url(), "damage_report_order_tour", login="dr_order_tour")
        self._check()

    def test_confirm_a_date_and_create_the_order_on_the_desktop(self):
        self._run_tour()

    def test_choose_among_similar_contacts(self):
        self.report.write({"state": "appointment_confirmed", "customer_street": "Hauptstraße 7"})
        self.start_tour(self._url(), "damage_report_order_choose_tour", login="dr_order_tour")
        self.assertEqual(self.report.state, "order_created")
        self.assertEqual(self.report.repair_order_id.partner_id, self.customer)
        self.assertEqual(self.customer.street, "Hauptstraße 5")


@tagged("post_install", "-at_install")
class TestOrderTourPhone(TestOrderTour):
    """The same on a phone's screen."""

    browser_size = "375x740"
    touch_enabled = True

    def test_confirm_a_date_and_create_the_order_on_a_phone(self):
        self._run_tour()
