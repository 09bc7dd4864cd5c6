# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The forms step and the sending, through the customer's link.

Here the PDFs are made without wkhtmltopdf: under ``url_open`` its requests
for the report's style sheets wait for the test cursor that the request
rendering the PDF holds. The PDFs themselves are tested by the forms'
tests; the browser test signs with wkhtmltopdf.
"""

import base64
import io

from PIL import Image, ImageDraw

from odoo.tests import tagged

from .public_common import START, PublicCase, jpeg


def small_pdf():
    out = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(out, "PDF")
    return out.getvalue()


def signature_data_url(width=600, height=200):
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (400, 160), (580, 50)], "black", 4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestPublicSubmit(PublicCase):
    def setUp(self):
        super().setUp()
        pdf = small_pdf()
        self.patch(
            type(self.env["ir.actions.report"]),
            "_run_wkhtmltopdf",
            lambda report, bodies, *args, **kwargs: pdf,
        )

    def _forms(self):
        return self.env["damage.report.form.template"]._current_forms(self.company)

    def _sign(self, report, template_id, signature=None, signer="Anna Secret"):
        return self.url_open(
            f"{self.base(report)}/sign",
            data={
                "csrf_token": self.csrf(START),
                "template_id": str(template_id),
                "signer_name": signer,
                "signature": signature_data_url() if signature is None else signature,
            },
            timeout=60,
        )

    def test_signing_a_form(self):
        template = self._forms()[:1]
        self.assertTrue(template, "the addon ships the forms")
        response = self._sign(self.report, template.id)
        self.assertEqual(response.status_code, 200, response.text)
        signed = self.report.signed_form_ids
        self.assertEqual(response.json()["id"], signed.id)
        self.assertEqual(signed.template_id, template)
        self.assertEqual(signed.signer_name, "Anna Secret")
        page = self.url_open(f"{self.base(self.report)}/forms").text
        self.assertIn(f'id="dr-sign-{template.id}"', page)
        self.assertIn("dr-signed", page)

    def test_bad_signatures_are_refused(self):
        template = self._forms()[:1]
        unknown = self._sign(self.report, 999_999)
        self.assertEqual(unknown.status_code, 404)
        for signature in ("", "data:image/png;base64,AAAA", "data:image/svg+xml;base64,PHN2Zz4="):
            response = self._sign(self.report, template.id, signature=signature)
            self.assertEqual(response.status_code, 400, signature)
            self.assertTrue(response.json()["error"])
        nameless = self._sign(self.report, template.id, signer=" ")
        self.assertEqual(nameless.status_code, 400)
        huge = "data:image/png;base64," + "A" * 800_000
        self.assertEqual(self._sign(self.report, template.id, signature=huge).status_code, 413)
        self.assertFalse(self.report.signed_form_ids)

    def test_sending_is_refused_until_complete_then_done(self):
        submit = f"{self.base(self.report)}/submit"
        refused = self.url_open(submit, data={"csrf_token": self.csrf(START)})
        self.assertEqual(refused.status_code, 400)
        self.assertIn('id="dr-error"', refused.text)
        self.assertEqual(self.report.state, "link_sent")
        self.assertEqual(self.upload(self.report, jpeg()).status_code, 200)
        self.post_step(self.report, "damage", {"damage_description": "Dent in the left door"})
        for template in self._forms():
            self.assertEqual(self._sign(self.report, template.id).status_code, 200)
        consents = self.post_step(self.report, "forms", {"privacy": "1", "withdrawal_ack": "1"})
        self.assertTrue(consents.url.endswith("/review"), consents.url)
        self.assertTrue(self.report.privacy_consent_at)
        sent = self.url_open(submit, data={"csrf_token": self.csrf(START)}, timeout=60)
        self.assertEqual(sent.status_code, 200, sent.text[:2000])
        self.assertIn('id="dr-sent"', sent.text)
        self.assertEqual(self.report.state, "reported")
        again = self.url_open(f"{self.base(self.report)}/photos")
        self.assertIn('id="dr-summary"', again.text, "a sent report is read-only")
        self.assertNotIn('id="dr-photos"', again.text)
