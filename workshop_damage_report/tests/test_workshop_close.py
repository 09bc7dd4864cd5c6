# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopClose(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.partner = cls.env["res.partner"].create({"name": "Erika Mustermann"})
        cls.order = cls.env["repair.order"].create({"partner_id": cls.partner.id})
        cls.report.write({"repair_order_id": cls.order.id, "state": "order_created"})

    def test_repair_done_closes_its_report(self):
        self.order.action_validate()
        self.order.action_repair_start()
        self.assertEqual(self.report.state, "order_created")
        self.order.action_repair_end()
        self.assertEqual(self.order.state, "done")
        self.assertEqual(self.report.state, "closed")
        self.assertTrue(self.report.closed_at)

    def test_cancelled_report_stays_cancelled(self):
        self.report.action_cancel()
        self.order.write({"state": "done"})
        self.assertEqual(self.report.state, "cancelled")
        self.assertFalse(self.report.closed_at)
