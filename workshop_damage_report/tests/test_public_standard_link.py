# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The company's standard link: anyone may start a report, so it creates
only the start form's fields, has a honeypot and a limit per address."""

from odoo.tests import tagged

from .public_common import START, PublicCase


@tagged("post_install", "-at_install")
class TestPublicStandardLink(PublicCase):
    def _start(self, **extra):
        data = {
            "csrf_token": self.csrf(START),
            "customer_name": "Stefan Standard",
            "customer_phone": "0301234567",
            "customer_email": "stefan@example.com",
            "license_plate": "b-ss 100",
            "website": "",
        }
        data.update(extra)
        return self.url_open(START, data=data)

    def _public_reports(self):
        return self.env["damage.report"].search([("source", "=", "public")])

    def test_the_start_form_creates_only_its_fields(self):
        repair = self.env["repair.order"].create({"partner_id": self.env.user.partner_id.id})
        other_company = self.env["res.company"].create({"name": "Other Workshop"})
        before = self._public_reports()
        response = self._start(
            state="closed",
            company_id=str(other_company.id),
            partner_id=str(self.env.user.partner_id.id),
            repair_order_id=str(repair.id),
            cover_type="self_pay",
            damage_description="injected",
            link_revoked="1",
            source="personal",
        )
        report = self._public_reports() - before
        self.assertEqual(len(report), 1)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"{self.base(report)}/insurance"), response.url)
        self.assertRecordValues(
            report,
            [
                {
                    "customer_name": "Stefan Standard",
                    "customer_phone": "0301234567",
                    "customer_email": "stefan@example.com",
                    "license_plate": "B SS 100",
                    "source": "public",
                    "state": "link_sent",
                    "company_id": self.company.id,
                    "partner_id": False,
                    "repair_order_id": False,
                    "cover_type": False,
                    "damage_description": False,
                    "link_revoked": False,
                }
            ],
        )
        self.assertTrue(report.link_expires_at)
        self.assertEqual(len(report.origin_ip_hash), 64)
        self.assertNotIn("127.0.0.1", report.origin_ip_hash)

    def test_the_first_publishing_company_and_unknown_names(self):
        self.assertEqual(self.url_open("/schadenmeldung").status_code, 200)
        self.assertEqual(self.url_open("/schadenmeldung/no-such-workshop").status_code, 404)
        self.env["res.company"].search([]).write({"damage_report_public": False})
        self.assertEqual(self.url_open("/schadenmeldung").status_code, 404)
        self.assertEqual(self.url_open(START).status_code, 404)

    def test_the_honeypot_creates_nothing(self):
        before = self._public_reports()
        response = self._start(website="http://spam.example.com")
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="dr-refused"', response.text)
        self.assertEqual(self._public_reports(), before)

    def test_an_incomplete_start_form_creates_nothing(self):
        before = self._public_reports()
        response = self._start(license_plate="", customer_name="")
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="dr-error"', response.text)
        self.assertEqual(self._public_reports(), before)

    def test_the_rate_limit_per_address(self):
        self.company.damage_report_rate_limit = 2
        before = self._public_reports()
        self.assertEqual(self._start().status_code, 200)
        self.assertEqual(self._start().status_code, 200)
        response = self._start()
        self.assertEqual(response.status_code, 429)
        self.assertIn('id="dr-rate-limited"', response.text)
        self.assertEqual(len(self._public_reports() - before), 2)
