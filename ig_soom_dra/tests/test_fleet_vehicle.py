# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import IgSoomCommonMixin

VIN = "WDD1173421N456789"


@tagged("post_install", "-at_install")
class TestFleetVehicle(IgSoomCommonMixin, TransactionCase):
    """Vehicles of broker orders: fleet's registration date and odometer, found by VIN."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.Vehicle = cls.env["fleet.vehicle"]
        cls.data = {
            "vin": VIN,
            "plate": "M-ZZ 44",
            "make": "Mercedes-Benz",
            "model": "CLA",
            "hsn": "1313",
            "tsn": "BKF",
            "first_registration": date(2016, 5, 12),
            "odometer": 45210,
            "color": "Blau",
        }

    def _logs(self, vehicle):
        return self.env["fleet.vehicle.odometer"].search([("vehicle_id", "=", vehicle.id)])

    def test_new_vehicle_uses_fleet_registration_date_and_odometer(self):
        self.assertNotIn("first_registration_date", self.Vehicle._fields)
        vehicle, created = self.Vehicle._ig_find_or_create(self.data, self.env.company)
        self.assertTrue(created)
        self.assertEqual(vehicle.vin_sn, VIN)
        self.assertEqual(vehicle.license_plate, "M-ZZ 44")
        self.assertEqual(vehicle.model_id.name, "CLA")
        self.assertEqual(vehicle.brand_id.name, "Mercedes-Benz")
        self.assertEqual((vehicle.kba_hsn, vehicle.kba_tsn), ("1313", "BKF"))
        self.assertEqual(vehicle.acquisition_date, date(2016, 5, 12))
        self.assertEqual(vehicle.company_id, self.env.company)
        self.assertEqual(vehicle.odometer, 45210)
        self.assertEqual(self._logs(vehicle).mapped("value"), [45210])

    def test_known_vehicle_logs_a_reading_once_and_only_a_newer_one(self):
        vehicle, _created = self.Vehicle._ig_find_or_create(self.data, self.env.company)
        again, created = self.Vehicle._ig_find_or_create(
            {**self.data, "vin": VIN.lower(), "plate": "M-XX 1"}, self.env.company
        )
        self.assertFalse(created)
        self.assertEqual(again, vehicle)
        self.assertEqual(vehicle.license_plate, "M-ZZ 44")  # a known vehicle is not changed
        self.assertEqual(len(self._logs(vehicle)), 1)
        self.Vehicle._ig_find_or_create({**self.data, "odometer": 30000}, self.env.company)
        self.assertEqual(len(self._logs(vehicle)), 1)
        self.Vehicle._ig_find_or_create({**self.data, "odometer": 51000}, self.env.company)
        self.assertEqual(sorted(self._logs(vehicle).mapped("value")), [45210, 51000])
        self.assertEqual(vehicle.odometer, 51000)

    def test_unknown_make_and_no_reading(self):
        data = {"vin": VIN, "make": " ", "model": False, "odometer": 0}
        vehicle, created = self.Vehicle._ig_find_or_create(data, self.env.company)
        self.assertTrue(created)
        self.assertEqual(vehicle.model_id.name, "Sonstige")
        self.assertEqual(vehicle.brand_id.name, "Sonstige")
        self.assertFalse(self._logs(vehicle))
        # the same names find the same make and model
        other, _created = self.Vehicle._ig_find_or_create(
            {**data, "vin": "WDD1173421N456790"}, self.env.company
        )
        self.assertEqual(other.model_id, vehicle.model_id)

    def test_invalid_vin_creates_nothing(self):
        count = self.Vehicle.search_count([])
        with self.assertRaises(UserError):
            self.Vehicle._ig_find_or_create(
                {**self.data, "vin": "WDD1173421N45678O"}, self.env.company
            )
        self.assertEqual(self.Vehicle.search_count([]), count)
