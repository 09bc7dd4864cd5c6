# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import IgSoomCommonMixin


@tagged("post_install", "-at_install")
class TestRepairOrderFields(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})

    def _order(self, **values):
        return self.env["repair.order"].create(
            {"partner_id": self.customer.id, "broker_id": self.broker_ig.id, **values}
        )

    def test_broker_order_number_unique_per_company_and_broker(self):
        self._order(broker_order_ref="202019374")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self._order(broker_order_ref="202019374")

    def test_same_number_allowed_for_another_broker_and_without_number(self):
        other = self.env["dra.broker"].create({"name": "Eurogarant", "code": "EG"})
        self._order(broker_order_ref="202019374")
        second = self._order(broker_order_ref="202019374", broker_id=other.id)
        self.assertEqual(second.broker_id, other)
        first_blank, second_blank = self._order(), self._order()
        self.assertFalse(first_blank.broker_order_ref or second_blank.broker_order_ref)

    def test_order_number_is_not_copied(self):
        order = self._order(broker_order_ref="202019362", soom_case_id="7c0e")
        copy = order.copy()
        self.assertFalse(copy.broker_order_ref)
        self.assertFalse(copy.soom_case_id)

    def test_form_shows_and_saves_the_dra_fields(self):
        with Form(self.env["repair.order"]) as form:
            form.partner_id = self.customer
            form.broker_id = self.broker_ig
            form.broker_order_ref = "202019753"
            form.cover_type = "full"
            form.deductible = 300.0
            form.roadworthy = "yes"
            form.vehicle_plate = "F-JS 753"
            form.keeper_partner_id = self.customer
        order = form.save()
        self.assertEqual(order.broker_order_ref, "202019753")
        self.assertEqual(order.deductible_currency_id, self.env.ref("base.EUR"))
        self.assertEqual(order.keeper_partner_id, self.customer)

    def test_broker_counts_and_opens_its_orders(self):
        self._order(broker_order_ref="1")
        self._order(broker_order_ref="2")
        self.assertEqual(self.broker_ig.repair_order_count, 2)
        action = self.broker_ig.action_view_repair_orders()
        self.assertEqual(
            set(self.env["repair.order"].search(action["domain"]).mapped("broker_order_ref")),
            {"1", "2"},
        )

    def test_vehicle_german_type_codes(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Mercedes-Benz"})
        model = self.env["fleet.vehicle.model"].create({"name": "CLA", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "M-ZZ 44",
                "vin_sn": "WDD1173421N456789",
                "kba_hsn": "1313",
                "kba_tsn": "BKF",
            }
        )
        order = self._order(vehicle_id=vehicle.id)
        self.assertEqual(vehicle.repair_order_ids, order)
        self.assertEqual(vehicle.kba_hsn, "1313")
