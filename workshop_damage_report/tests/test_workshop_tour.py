# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .test_workshop_link import _jpeg
from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopTour(WorkshopCommonMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.user_workshop.password = "dr_workshop"
        cls.report.write({"license_plate": "TOUR-42"})
        cls.report.action_send_link()
        cls.report._add_photo("front_left", _jpeg())
        cls.report.sudo().write({"state": "reported"})
        cls.report.sudo()._notify_reported()

    def test_inbox(self):
        self.start_tour("/odoo", "damage_report_inbox_tour", login="dr_workshop")
        self.assertFalse(self.report.is_new)
        self.assertEqual(self.report.state, "link_sent")
        requested = set(self.report.requested_categories.split(","))
        self.assertIn("front_right", requested)
        self.assertNotIn("front_left", requested)
