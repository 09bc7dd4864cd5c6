# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the tests of the customer's web app share: a published company, a
report with a personal link, and requests as a customer makes them."""

import io
import re

from PIL import Image

from odoo.tests import HttpCase

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DATA_CSRF = re.compile(r'data-csrf="([^"]+)"')
#: The standard link of the test company.
START = "/schadenmeldung/test-werkstatt"


def jpeg(width=300, height=200, orientation=None, gps=False):
    """A JPEG of one colour, with an EXIF orientation and a GPS position if asked."""
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)}
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bomb():
    """A small PNG of 20000 x 20000 px of one colour: gigabytes once decoded."""
    out = io.BytesIO()
    Image.new("1", (20000, 20000), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


class PublicCase(HttpCase):
    def setUp(self):
        super().setUp()
        # wkhtmltopdf, run by a request of the test (signing, sending), fetches
        # the report's styles without the test's cookie: refused at once, as
        # after a tour, instead of waiting for the test cursor that request holds
        self.http_request_strict_check = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "damage_report_public": True,
                "damage_report_slug": "test-werkstatt",
                "damage_report_rate_limit": 5,
                "damage_report_max_photos": 40,
            }
        )
        cls.report = cls._new_report("Anna Secret", "M SE 4711")
        cls.other = cls._new_report("Otto Private", "HH OP 815")

    @classmethod
    def _new_report(cls, name, plate):
        report = cls.env["damage.report"].create(
            {
                "customer_name": name,
                "license_plate": plate,
                "customer_email": f"{plate.replace(' ', '').lower()}@example.com",
                "company_id": cls.company.id,
                "state": "link_sent",
            }
        )
        report._renew_link()
        return report

    def base(self, report, token=None):
        return f"/schadenmeldung/r/{report.id}/{token or report.access_token}"

    def csrf(self, url):
        """The CSRF token of the page at ``url``, for this browser session."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        found = CSRF.search(response.text) or DATA_CSRF.search(response.text)
        self.assertTrue(found, "the page has a CSRF token")
        return found.group(1)

    def post_step(self, report, step, data, token=None):
        url = f"{self.base(report, token)}/{step}"
        return self.url_open(url, data=dict(data, csrf_token=self.csrf(url)))

    def upload(self, report, data, category="front_left", name="photo.jpg"):
        token = self.csrf(START)
        return self.url_open(
            f"{self.base(report)}/photo",
            data={"csrf_token": token, "category": category},
            files={"file": (name, data, "image/jpeg")},
        )

    def assertNoReportData(self, response, *reports):
        for report in reports:
            for secret in (report.customer_name, report.license_plate, report.customer_email):
                self.assertNotIn(secret, response.text)
