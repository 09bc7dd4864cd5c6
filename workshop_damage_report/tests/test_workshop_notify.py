# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import TransactionCase, tagged

from .workshop_common import WorkshopCommonMixin


@tagged("post_install", "-at_install")
class TestWorkshopNotify(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()

    def _reported(self, report):
        report.sudo().write({"state": "reported", "reported_at": fields.Datetime.now()})
        report.sudo()._notify_reported()

    def test_workshop_user_flagged_activity_and_mail(self):
        self._reported(self.report)
        self.assertTrue(self.report.is_new)
        activity_type = self.env.ref("workshop_damage_report.mail_activity_type_damage_report_new")
        activity = self.report.activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
        )
        self.assertEqual(activity.user_id, self.user_workshop)
        self.assertTrue(self._mails_to(partner=self.user_workshop.partner_id))

    def test_company_user_when_no_responsible(self):
        self.company.damage_report_notify_user_id = self.user_manager
        self.report.user_id = False
        self._reported(self.report)
        self.assertEqual(self.report.activity_ids.user_id, self.user_manager)
        self.assertTrue(self._mails_to(partner=self.user_manager.partner_id))

    def test_public_user_is_never_notified(self):
        self.report.user_id = self.env.ref("base.public_user")
        self._reported(self.report)
        self.assertTrue(self.report.is_new)
        self.assertFalse(self.report.activity_ids)

    def test_broker_off_by_default(self):
        self.broker.damage_report_email = "meldung@schadenlotse.example"
        self._reported(self.report)
        self.assertFalse(self.report.broker_notified_at)
        self.assertFalse(self._mails_to(email="meldung@schadenlotse.example"))

    def test_broker_notified_where_switched_on(self):
        self.broker.write(
            {"damage_report_notify": True, "damage_report_email": "meldung@schadenlotse.example"}
        )
        self.report.write({"claim_number": "KS-4711", "vin": "WVWZZZ1KZAW000001"})
        self._reported(self.report)
        self.assertTrue(self.report.broker_notified_at)
        mail = self._mails_to(email="meldung@schadenlotse.example")
        self.assertEqual(len(mail), 1)
        self.assertIn("KS-4711", mail.body_html)
        self.assertIn("WVWZZZ1KZAW000001", mail.body_html)

    def test_sent_again_no_second_activity_nor_broker_notice(self):
        self.broker.write(
            {"damage_report_notify": True, "damage_report_email": "meldung@schadenlotse.example"}
        )
        self._reported(self.report)
        self._reported(self.report)
        self.assertEqual(len(self.report.activity_ids), 1)
        self.assertEqual(len(self._mails_to(partner=self.user_workshop.partner_id)), 2)
        self.assertEqual(len(self._mails_to(email="meldung@schadenlotse.example")), 1)

    def test_broker_without_address_not_notified(self):
        self.broker.damage_report_notify = True
        self._reported(self.report)
        self.assertFalse(self.report.broker_notified_at)
