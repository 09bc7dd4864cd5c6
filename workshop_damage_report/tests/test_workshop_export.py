# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import date, datetime

import openpyxl

from odoo.tests import TransactionCase, tagged

from ..models.damage_report import EXPORT_FIELDS
from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopExport(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.report.write(
            {
                "vin": "WVWZZZ1KZAW000001",
                "odometer": 84500,
                "first_registration": date(2019, 3, 1),
                "damage_date": date(2026, 11, 28),
                "cover_type": "comprehensive",
                "reported_to_insurer": True,
            }
        )
        cls.report.sudo().write({"reported_at": datetime(2026, 12, 1, 23, 30), "state": "reported"})
        cls.other = cls.report.copy({"customer_name": "Max Muster", "license_plate": "B-MM 42"})

    def _sheet(self, reports):
        data = reports.with_user(self.user_workshop)._export_xlsx()
        return openpyxl.load_workbook(io.BytesIO(data)).active

    def test_one_row_per_report_every_field(self):
        sheet = self._sheet(self.report | self.other)
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        self.assertEqual(len(rows[0]), len(EXPORT_FIELDS))
        headers = (
            self.env["damage.report"]
            .with_user(self.user_workshop)
            .fields_get(list(EXPORT_FIELDS), attributes=["string"])
        )
        self.assertEqual(list(rows[0]), [headers[name]["string"] for name in EXPORT_FIELDS])
        column = {name: index for index, name in enumerate(EXPORT_FIELDS)}
        first = rows[1]
        self.assertEqual(first[column["name"]], self.report.name)
        self.assertEqual(first[column["vin"]], "WVWZZZ1KZAW000001")
        self.assertEqual(first[column["odometer"]], 84500)
        self.assertIs(first[column["reported_to_insurer"]], True)
        self.assertEqual(first[column["broker_id"]], self.broker.display_name)
        self.assertEqual(first[column["first_registration"]], datetime(2019, 3, 1))
        self.assertEqual(rows[2][column["license_plate"]], "B-MM 42")

    def test_datetimes_in_users_time_zone(self):
        sheet = self._sheet(self.report)
        column = EXPORT_FIELDS.index("reported_at") + 1
        cell = sheet.cell(row=2, column=column)
        # 23:30 UTC is 00:30 the next day in Berlin (winter)
        self.assertEqual(cell.value, datetime(2026, 12, 2, 0, 30))
        self.user_workshop.tz = "UTC"
        cell = self._sheet(self.report).cell(row=2, column=column)
        self.assertEqual(cell.value, datetime(2026, 12, 1, 23, 30))

    def test_date_format_of_the_users_language(self):
        lang = self.env["res.lang"]._lang_get(self.user_workshop.lang)
        lang.date_format = "%d.%m.%Y"
        column = EXPORT_FIELDS.index("damage_date") + 1
        cell = self._sheet(self.report).cell(row=2, column=column)
        self.assertEqual(cell.number_format, "dd.mm.yyyy")

    def test_selection_label_not_code(self):
        column = EXPORT_FIELDS.index("cover_type") + 1
        cell = self._sheet(self.report).cell(row=2, column=column)
        labels = dict(
            self.env["damage.report"]
            .with_user(self.user_workshop)
            .fields_get(["cover_type"], attributes=["selection"])["cover_type"]["selection"]
        )
        self.assertEqual(cell.value, labels["comprehensive"])

    def test_action_downloads(self):
        action = (self.report | self.other).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"{self.report.id},{self.other.id}", action["url"])
