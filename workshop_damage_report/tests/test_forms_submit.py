# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .forms_common import FormsCommonMixin, photo_jpeg, signature_png


@tagged("post_install", "-at_install")
class TestFormsSubmit(FormsCommonMixin, TransactionCase):
    """The customer sends the report: complete or refused with one list,
    the confirmation e-mail with the PDFs, the workshop told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_forms()
        cls.Report = cls.env.registry["damage.report"]

    def _submit(self, report):
        with patch.object(self.Report, "_notify_reported", autospec=True) as notify:
            report._submit_by_customer()
        return notify

    def _mails(self, report):
        return self.env["mail.mail"].search(
            [("model", "=", "damage.report"), ("res_id", "=", report.id)]
        )

    def test_refused_with_everything_missing_in_one_error(self):
        report = self.env["damage.report"].create(
            {"company_id": self.company.id, "state": "link_sent"}
        )
        with self.assertRaises(UserError) as error:
            self._submit(report)
        lines = [line for line in str(error.exception).splitlines() if line.startswith("•")]
        # name, contact, plate, photo, description, privacy, notice, two forms
        self.assertEqual(len(lines), 9)
        self.assertEqual(report.state, "link_sent")
        self.assertFalse(report.reported_at)

    def test_refused_when_one_form_is_unsigned(self):
        report = self.report
        report._add_photo("damage_close", photo_jpeg())
        report._record_consents(True, True, False, False)
        report._sign_form(self.rku, "Erika Mustermann", signature_png())
        with self.assertRaises(UserError) as error:
            self._submit(report)
        lines = [line for line in str(error.exception).splitlines() if line.startswith("•")]
        self.assertEqual(len(lines), 1)
        self.assertIn(self.agreement.name, lines[0])
        self.assertEqual(report.state, "link_sent")
        self.assertFalse(self._mails(report))

    def test_submit_reports_and_sends_the_pdfs(self):
        report = self.report
        self._complete(report)
        notify = self._submit(report)
        self.assertEqual(report.state, "reported")
        self.assertTrue(report.reported_at)
        self.assertEqual(report.step, "done")
        self.assertTrue(report.withdrawal_notice_sent_at)
        notify.assert_called_once()
        mail = self._mails(report)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "erika.mustermann@example.com")
        self.assertEqual(mail.state, "outgoing")
        signed_pdfs = report.signed_form_ids.attachment_id
        self.assertEqual(len(signed_pdfs), 2)
        self.assertEqual(len(mail.attachment_ids), 3)
        self.assertLessEqual(signed_pdfs, mail.attachment_ids)
        notice = mail.attachment_ids - signed_pdfs
        self.assertTrue(notice.raw.startswith(b"%PDF"))
        self.assertEqual((notice.res_model, notice.res_id), ("damage.report", report.id))
        self.assertTrue(all(a.mimetype == "application/pdf" for a in mail.attachment_ids))

    def test_submit_twice_is_refused(self):
        self._complete(self.report)
        self._submit(self.report)
        with self.assertRaises(UserError):
            self._submit(self.report)
        self.assertEqual(len(self._mails(self.report)), 1)

    def test_without_email_no_mail_and_no_notice_sent(self):
        report = self.env["damage.report"].create(self._report_values(customer_email=False))
        self._complete(report)
        self._submit(report)
        self.assertEqual(report.state, "reported")
        self.assertFalse(report.withdrawal_notice_sent_at)
        self.assertFalse(self._mails(report))

    def test_mail_failure_leaves_nothing_half_done(self):
        report = self.report
        self._complete(report)
        attachments = self.env["ir.attachment"].search_count([("res_model", "=", "damage.report")])
        with (
            patch.object(
                self.env.registry["mail.template"],
                "send_mail",
                autospec=True,
                side_effect=UserError("no mail"),
            ),
            self.assertRaises(UserError),
        ):
            self._submit(report)
        self.assertEqual(report.state, "link_sent")
        self.assertFalse(report.reported_at)
        self.assertFalse(report.withdrawal_notice_sent_at)
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_model", "=", "damage.report")]),
            attachments,
        )

    def test_confirmation_page_fragment(self):
        self._complete(self.report)
        self._submit(self.report)
        html = str(
            self.env["ir.qweb"]._render(
                "workshop_damage_report.confirmation_content", {"report": self.report}
            )
        )
        self.assertIn(self.report.name, html)
        self.assertIn("erika.mustermann@example.com", html)
