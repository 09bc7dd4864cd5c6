# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .forms_common import FormsCommonMixin, pdf_text


@tagged("post_install", "-at_install")
class TestFormsConsents(FormsCommonMixin, TransactionCase):
    """The privacy consent, the cancellation notice and the early start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_forms()

    def test_privacy_and_notice_are_required(self):
        for privacy, ack in ((False, True), (True, False), (False, False)):
            with self.assertRaises(UserError):
                self.report._record_consents(privacy, ack, False, False)
        self.assertFalse(self.report.privacy_consent_at)
        self.assertFalse(self.report.withdrawal_notice_ack_at)

    def test_early_start_requires_acknowledgement(self):
        with self.assertRaises(UserError):
            self.report._record_consents(True, True, True, False)
        self.assertFalse(self.report.early_start_requested_at)
        self.assertFalse(self.report.privacy_consent_at)

    def test_consents_recorded_with_time(self):
        with freeze_time("2026-03-02 09:15:00"):
            self.report._record_consents(True, True, True, True)
        moment = datetime(2026, 3, 2, 9, 15)
        self.assertEqual(self.report.privacy_consent_at, moment)
        self.assertEqual(self.report.withdrawal_notice_ack_at, moment)
        self.assertEqual(self.report.early_start_requested_at, moment)
        self.assertEqual(self.report.early_start_ack_at, moment)

    def test_consent_keeps_its_time_and_early_start_can_be_withdrawn(self):
        with freeze_time("2026-03-02 09:15:00"):
            self.report._record_consents(True, True, True, True)
        with freeze_time("2026-03-03 10:00:00"):
            self.report._record_consents(True, True, False, False)
        self.assertEqual(self.report.privacy_consent_at, datetime(2026, 3, 2, 9, 15))
        self.assertFalse(self.report.early_start_requested_at)
        self.assertFalse(self.report.early_start_ack_at)

    def test_refused_once_sent(self):
        self.report.state = "reported"
        with self.assertRaises(UserError):
            self.report._record_consents(True, True, False, False)

    def test_notice_pdf_names_the_workshop_and_has_the_model_form(self):
        attachment = self.report._withdrawal_notice_attachment()
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("damage.report", self.report.id)
        )
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        text = pdf_text(attachment.raw)
        for value in (
            "Widerrufsbelehrung",
            "Muster-Widerrufsformular",
            "vierzehn Tage",
            "Karosserie Muster GmbH",
            "Werkstattweg 7",
            "service@karosserie-muster.example",
        ):
            self.assertIn(value, text)

    def test_privacy_notice_names_the_workshop_and_retention(self):
        self.company.damage_report_retention_days = 60
        html = str(
            self.env["ir.qweb"]._render(
                "workshop_damage_report.privacy_notice", {"company": self.company}
            )
        )
        self.assertIn("Karosserie Muster GmbH", html)
        self.assertIn("60", html)
