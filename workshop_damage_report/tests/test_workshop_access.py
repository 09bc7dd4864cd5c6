# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopAccess(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle"})
        cls.user_b = new_test_user(
            cls.env,
            login="dr_branch",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        cls.user_plain = new_test_user(cls.env, login="dr_plain", groups="base.group_user")

    def test_other_company_cannot_read(self):
        reports = self.env["damage.report"].with_user(self.user_b).search([])
        self.assertNotIn(self.report, reports)
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_b).read(["customer_name"])
        with self.assertRaises(AccessError):
            self.report.photo_ids.with_user(self.user_b).check_access("read")
            self.report.with_user(self.user_b).check_access("read")

    def test_other_company_exports_nothing_of_it(self):
        reports = (
            self.env["damage.report"].with_user(self.user_b).search([("id", "in", self.report.ids)])
        )
        self.assertFalse(reports)

    def test_plain_user_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["damage.report"].with_user(self.user_plain).search([])
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_plain).read(["customer_name"])

    def test_workshop_user_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_workshop).unlink()
