# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .test_workshop_link import _jpeg
from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopRetention(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.company.damage_report_retention_days = 90
        cls.report._add_photo("front_left", _jpeg())
        cls.report.message_post(body="Bitte zurückrufen: 0176 4547794")
        cls.partner = cls.env["res.partner"].create({"name": "Erika Mustermann"})
        cls.kept = cls.report.copy({"customer_name": "Mit Auftrag"})
        cls.kept.repair_order_id = cls.env["repair.order"].create({"partner_id": cls.partner.id})
        cls.recent = cls.report.copy({"customer_name": "Neu"})

    def _age(self, reports, days):
        past = fields.Datetime.now() - timedelta(days=days)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE damage_report SET write_date = %s WHERE id IN %s", (past, tuple(reports.ids))
        )
        reports.invalidate_recordset(["write_date"])

    def test_old_reports_without_order_are_deleted(self):
        self._age(self.report | self.kept, 91)
        self._age(self.recent, 89)
        photo = self.report.photo_ids
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "damage.report.photo"),
                ("res_field", "=", "image_data"),
                ("res_id", "=", photo.id),
            ]
        )
        self.assertTrue(attachments)
        report_id = self.report.id
        with self.assertLogs("odoo.addons.workshop_damage_report.models.damage_report") as logs:
            self.env["damage.report"]._cron_delete_expired()
        self.assertFalse(self.report.exists())
        self.assertFalse(photo.exists())
        self.assertFalse(attachments.exists())
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "damage.report"), ("res_id", "=", report_id)]
            )
        )
        self.assertTrue(self.kept.exists(), "a report with an order follows the order")
        self.assertTrue(self.recent.exists())
        self.assertEqual(len(logs.records), 2, "a line per report and the count")
        self.assertNotIn("Erika", "\n".join(logs.output))

    def test_zero_days_keeps_everything(self):
        self.company.damage_report_retention_days = 0
        self._age(self.report, 400)
        self.env["damage.report"]._cron_delete_expired()
        self.assertTrue(self.report.exists())

    def test_cron_is_daily(self):
        cron = self.env.ref("workshop_damage_report.ir_cron_damage_report_delete_expired")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
