# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The forms, the legal texts and the sending as the customer's web app
serves them."""

import base64

from odoo.tests import tagged

from .forms_common import photo_jpeg, signature_png
from .public_common import PublicCase


@tagged("post_install", "-at_install")
class TestFormsPublic(PublicCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"name": "Karosserie Link GmbH", "street": "Lackstraße 3"})
        cls.report.write({"damage_description": "Delle hinten links", "step": "forms"})
        cls.forms = cls.env["damage.report.form.template"]._current_forms(cls.company)

    def _sign(self, template):
        url = f"{self.base(self.report)}/forms"
        return self.url_open(
            f"{self.base(self.report)}/sign",
            data={
                "csrf_token": self.csrf(url),
                "template_id": str(template.id),
                "signer_name": "Anna Secret",
                "signature": "data:image/png;base64," + base64.b64encode(signature_png()).decode(),
            },
        )

    def test_forms_step_shows_the_forms_and_the_legal_texts(self):
        response = self.url_open(f"{self.base(self.report)}/forms")
        self.assertEqual(response.status_code, 200)
        for form in self.forms:
            self.assertIn(f'data-template-id="{form.id}"', response.text)
            self.assertIn(form.version, response.text)
        self.assertIn("M SE 4711", response.text)
        self.assertIn('id="dr-withdrawal"', response.text)
        self.assertIn("Muster-Widerrufsformular", response.text)
        self.assertIn('id="dr-privacy-notice"', response.text)
        self.assertIn("Lackstraße 3", response.text)
        self.assertNoReportData(response, self.other)

    def test_sign_and_send_through_the_link(self):
        for form in self.forms:
            response = self._sign(form)
            self.assertEqual(response.status_code, 200, response.text)
            self.assertEqual(response.json()["template_id"], form.id)
        self.assertEqual(self.report.signed_form_ids.template_id, self.forms)
        self.assertTrue(all(self.report.signed_form_ids.mapped("sha256")))
        self.report._add_photo("damage_close", photo_jpeg())
        self.report._record_consents(True, True, False, False)
        url = f"{self.base(self.report)}/review"
        response = self.url_open(
            f"{self.base(self.report)}/submit", data={"csrf_token": self.csrf(url)}
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn('id="dr-sent"', response.text)
        self.assertIn('class="o_damage_confirmation_ref"', response.text)
        self.assertIn(self.report.name, response.text)
        self.assertEqual(self.report.state, "reported")
        self.assertTrue(self.report.withdrawal_notice_sent_at)
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", "damage.report"), ("res_id", "=", self.report.id)])
            .filtered(lambda m: m.email_to == self.report.customer_email)
        )
        self.assertEqual(len(mail.attachment_ids), 3)

    def test_a_form_not_current_cannot_be_signed(self):
        old = self.forms[:1]
        old.copy({"version": "neu"})
        response = self._sign(old)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.report.signed_form_ids)
