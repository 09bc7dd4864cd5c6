# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import IgSoomCommonMixin


@tagged("post_install", "-at_install")
class TestSecurity(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle"})

    def test_user_reads_brokers_but_only_manager_edits(self):
        self.assertTrue(self.broker_ig.with_user(self.user_workshop).name)
        with self.assertRaises(AccessError):
            self.broker_ig.with_user(self.user_workshop).write({"color": "#FF0000"})
        self.broker_ig.with_user(self.user_manager).write({"color": "#FF0000"})
        self.assertEqual(self.broker_ig.color, "#FF0000")

    def test_user_works_on_every_vehicle(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Fiat"})
        model = self.env["fleet.vehicle.model"].create({"name": "500", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "F-1"})
        as_user = self.env["fleet.vehicle"].with_user(self.user_workshop)
        self.assertIn(vehicle, as_user.search([]))
        created = as_user.create({"model_id": model.id, "license_plate": "F-JS 753"})
        self.assertEqual(created.license_plate, "F-JS 753")

    def test_broker_of_another_company_is_hidden(self):
        broker_b = self.env["dra.broker"].create(
            {"name": "DMS", "code": "DMS", "company_id": self.company_b.id}
        )
        brokers = self.env["dra.broker"].with_user(self.user_workshop).search([])
        self.assertIn(self.broker_ig, brokers)
        self.assertNotIn(broker_b, brokers)

    def test_portal_user_has_no_access(self):
        portal = new_test_user(self.env, login="ig_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["dra.broker"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(portal).search([])
