# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tests of the customer's web app at a phone's screen (360 x 740,
touch): a customer goes through every step of a personal link; the standard
link starts a report; an expired and a revoked link are refused.

The customer's pages do not load Odoo's web client (that is their speed),
so Odoo's tour runner cannot follow them from page to page:
``tests/browser/driver.js`` is the customer instead (see there)."""

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from odoo import fields
from odoo.tests import HttpCase, tagged

BROWSER = Path(__file__).parent / "browser"


def flow(name, **constants):
    """The driver with the flow ``browser/<name>.js``, constants inlined."""
    code = (BROWSER / f"{name}.js").read_text(encoding="utf-8")
    for key, value in constants.items():
        code = code.replace(key, json.dumps(value))
    return (BROWSER / "driver.js").read_text(encoding="utf-8").replace("__FLOW__", code)


@tagged("post_install", "-at_install")
class TestCustomerTour(HttpCase):
    browser_size = "360x740"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "damage_report_public": True,
                "damage_report_slug": "tour-werkstatt",
                "damage_report_opening_days": "0,1,2,3,4",
                "email": "werkstatt@example.com",
            }
        )
        cls.report = cls.env["damage.report"].create(
            {
                "customer_name": "Clara Kundin",
                "customer_email": "clara.kundin@example.com",
                "license_plate": "K-CK 2026",
                "company_id": cls.company.id,
            }
        )
        cls.report._renew_link()
        cls.report.state = "link_sent"

    def _url(self, report):
        return f"/schadenmeldung/r/{report.id}/{report.access_token}"

    def _run(self, url, name, **constants):
        self.browser_js(
            url,
            flow(name, START_URL=url, **constants),
            ready="document.readyState === 'complete'",
            timeout=180,
        )

    def test_customer_goes_through_every_step(self):
        report = self.report
        self._run(
            self._url(report),
            "customer_flow",
            DAMAGE_DATE=(date.today() - timedelta(days=2)).isoformat(),
            OPENING_DAYS=[0, 1, 2, 3, 4],
        )
        report.invalidate_recordset()
        self.assertEqual(report.state, "reported")
        self.assertTrue(report.is_new)
        self.assertEqual(report.vin, "WVWZZZ1KZAW000123")
        self.assertEqual(report.odometer, 48210)
        self.assertEqual(report.cover_type, "liability")
        self.assertTrue(report.reported_to_insurer)
        self.assertEqual(report.claim_number, "KS-2026-0815")
        self.assertEqual(report.damage_date, date.today() - timedelta(days=2))
        # nine photos, compressed on the phone (longest side 2048 px)
        self.assertEqual(len(report.photo_ids), 9)
        self.assertEqual({(p.width, p.height) for p in report.photo_ids}, {(2048, 1365)})
        # two preferred dates on opening days, in the future
        preferred = report.preferred_slot_ids
        self.assertEqual(len(preferred), 2)
        self.assertTrue(all(slot.start > fields.Datetime.now() for slot in preferred))
        self.assertTrue(all(slot.start.weekday() < 5 for slot in preferred))
        # every current form signed: a PDF with its hash and version
        forms = self.env["damage.report.form.template"]._current_forms(self.company)
        self.assertEqual(report.signed_form_ids.template_id, forms)
        for signed in report.signed_form_ids:
            self.assertEqual(signed.version, signed.template_id.version)
            self.assertEqual(signed.signer_name, "Clara Kundin")
            pdf = signed.attachment_id.raw
            self.assertTrue(pdf.startswith(b"%PDF"))
            self.assertEqual(signed.sha256, hashlib.sha256(pdf).hexdigest())
        # consents with their time
        for field in (
            "privacy_consent_at",
            "withdrawal_notice_ack_at",
            "early_start_requested_at",
            "early_start_ack_at",
            "withdrawal_notice_sent_at",
        ):
            self.assertTrue(report[field], field)
        # the confirmation e-mail carries the signed forms and the notice as PDFs
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", "damage.report"), ("res_id", "=", report.id)])
            .filtered(lambda m: "clara.kundin@example.com" in (m.email_to or ""))
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(len(mail.attachment_ids), len(forms) + 1)
        self.assertTrue(all(a.mimetype == "application/pdf" for a in mail.attachment_ids))

    def test_standard_link_starts_a_report(self):
        before = self.env["damage.report"].search([])
        self._run("/schadenmeldung/tour-werkstatt", "standard_link")
        report = self.env["damage.report"].search([]) - before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.source, "public")
        self.assertEqual(report.customer_name, "Paul Passant")
        self.assertEqual(report.license_plate, "HH PP 123")
        self.assertEqual(report.company_id, self.company)
        self.assertEqual(report.state, "link_sent")

    def test_expired_and_revoked_links_are_refused(self):
        expired = self.report.copy({"state": "link_sent"})
        expired._renew_link()
        url_expired = self._url(expired)
        expired.link_expires_at = fields.Datetime.now() - timedelta(minutes=1)
        revoked = self.report.copy({"state": "link_sent"})
        revoked._renew_link()
        url_revoked = self._url(revoked)
        revoked.action_revoke_link()
        for url in (url_expired, url_revoked):
            with self.subTest(url=url):
                self._run(url, "refused_link")
        self.assertFalse(expired.photo_ids | revoked.photo_ids)
