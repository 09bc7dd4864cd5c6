# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import io
from datetime import datetime

from PIL import Image
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .forms_common import FormsCommonMixin, pdf_text, photo_jpeg, signature_png


@tagged("post_install", "-at_install")
class TestFormsSigning(FormsCommonMixin, TransactionCase):
    """The versioned forms and signing them on screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_forms()

    def test_current_forms_one_per_code(self):
        current = self.Template._current_forms(self.company)
        self.assertEqual(current, self.rku | self.agreement)
        self.assertEqual(self.rku.version, "01/2024")

    def test_current_forms_newest_version_and_own_company(self):
        newer = self.agreement.copy({"version": "2.0"})
        self.assertEqual(self.Template._current_forms(self.company), self.rku | newer)
        own = self.rku.copy({"version": "01/2024-M", "company_id": self.company.id})
        other_company = self.env["res.company"].create({"name": "Andere Werkstatt"})
        self.rku.copy({"version": "01/2024-X", "company_id": other_company.id})
        self.assertEqual(self.Template._current_forms(self.company), own | newer)
        newer.active = False
        self.assertEqual(self.Template._current_forms(self.company), own | self.agreement)

    def test_body_names_the_parties(self):
        body = str(self.rku._render_body(self.report))
        for value in ("Erika Mustermann", "M-EM 4711", "Beispiel Versicherung AG", "KS-2026-0815"):
            self.assertIn(value, body)
        self.assertIn("Karosserie Muster GmbH", body)
        self.assertIn("Zahlungsanweisung", body)

    def test_sign_stores_pdf_with_hash_version_and_signer(self):
        signed = self.report._sign_form(self.rku, " Erika Mustermann ", signature_png())
        self.assertEqual(signed.report_id, self.report)
        self.assertEqual(signed.version, "01/2024")
        self.assertEqual(signed.signer_name, "Erika Mustermann")
        self.assertTrue(signed.signed_at)
        attachment = signed.attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("damage.report", self.report.id)
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
        pdf = attachment.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(signed.sha256, hashlib.sha256(pdf).hexdigest())
        text = pdf_text(pdf)
        self.assertIn("01/2024", text)
        self.assertIn("Erika Mustermann", text)
        self.assertIn("M-EM 4711", text)
        self.assertIn(signed._signed_at_text(), text)
        self.assertEqual(self.report.signed_form_ids, signed)
        self.assertIn(attachment, self.report.message_ids.attachment_ids)

    def test_signing_time_in_workshop_time_zone(self):
        signed = self.report._sign_form(self.agreement, "Erika Mustermann", signature_png())
        signed.signed_at = datetime(2026, 7, 1, 10, 0, 0)
        self.assertIn("12:00", signed._signed_at_text())

    def test_sign_again_replaces_earlier_signature(self):
        report = self.report
        first = report._sign_form(self.rku, "Erika Mustermann", signature_png())
        first_attachment = first.attachment_id
        messages = len(self.report.message_ids)
        second = report._sign_form(self.rku, "Max Mustermann", signature_png(500, 150))
        self.assertFalse(first.exists())
        self.assertFalse(first_attachment.exists())
        self.assertEqual(self.report.signed_form_ids, second)
        self.assertEqual(len(self.report.message_ids), messages + 1)

    def test_refuses_bad_signatures(self):
        report = self.report
        jpeg = io.BytesIO()
        Image.new("RGB", (400, 150), "white").save(jpeg, "JPEG")
        tiny = io.BytesIO()
        Image.new("RGBA", (5, 5)).save(tiny, "PNG")
        huge = io.BytesIO()
        Image.frombytes("RGB", (1200, 1200), bytes(range(256)) * 16875).save(
            huge, "PNG", compress_level=0
        )
        for data in (
            b"",
            b"not an image",
            jpeg.getvalue(),
            tiny.getvalue(),
            huge.getvalue(),
            signature_png()[:200],
            photo_jpeg(),
        ):
            with self.assertRaises(UserError):
                report._sign_form(self.rku, "Erika Mustermann", data)
        self.assertFalse(self.report.signed_form_ids)

    def test_refuses_without_signer_or_with_a_form_not_current(self):
        report = self.report
        with self.assertRaises(UserError):
            report._sign_form(self.rku, "  ", signature_png())
        other_company = self.env["res.company"].create({"name": "Andere Werkstatt"})
        foreign = self.rku.copy({"version": "9/9", "company_id": other_company.id})
        old = self.agreement
        self.agreement.copy({"version": "2.0"})
        for template in (foreign, old):
            with self.assertRaises(UserError):
                report._sign_form(template, "Erika Mustermann", signature_png())
        self.assertFalse(self.report.signed_form_ids)

    def test_refuses_once_sent(self):
        self.report.state = "reported"
        with self.assertRaises(UserError):
            self.report._sign_form(self.rku, "Erika Mustermann", signature_png())

    def test_signature_in_pdf_is_the_drawn_png(self):
        drawn = signature_png()
        signed = self.report._sign_form(self.rku, "Erika Mustermann", drawn)
        self.assertEqual(base64.b64decode(signed.signature), drawn)


@tagged("post_install", "-at_install")
class TestFormsConfiguration(FormsCommonMixin, TransactionCase):
    """The administrators' forms (Configuration > Forms)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_forms()

    def test_new_version_is_a_new_record_with_its_signatures_counted(self):
        self.report._sign_form(self.rku, "Erika Mustermann", signature_png())
        self.assertEqual(self.rku.signed_count, 1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.rku.copy({"version": "01/2024"})
        newer = self.rku.copy({"version": "07/2026"})
        self.assertEqual(newer.signed_count, 0)
        action = self.rku.action_view_signed_forms()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]), self.report.signed_form_ids
        )

    def test_manager_edits_forms_user_reads_them(self):
        # the common forms are managed by a user of every company
        manager = new_test_user(
            self.env,
            "forms_manager",
            "workshop_damage_report.group_damage_report_manager",
            company_ids=[(6, 0, self.env["res.company"].search([]).ids)],
        )
        user = new_test_user(
            self.env, "forms_user", "workshop_damage_report.group_damage_report_user"
        )
        with Form(self.rku.with_user(manager)) as form:
            form.sequence = 5
        self.assertEqual(self.rku.sequence, 5)
        self.assertEqual(
            self.Template.with_user(user)._current_forms(self.company).ids,
            (self.rku | self.agreement).ids,
        )
        with self.assertRaises(AccessError):
            self.rku.with_user(user).write({"sequence": 1})
