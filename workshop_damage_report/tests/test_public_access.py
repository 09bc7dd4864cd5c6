# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who the customer's link opens a report to, and what a step saves."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .public_common import PublicCase, jpeg


@tagged("post_install", "-at_install")
class TestPublicAccess(PublicCase):
    def test_the_personal_link_opens_the_step_reached(self):
        response = self.url_open(self.base(self.report))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/contact"), response.url)
        # the page speaks the company's language (German for a German workshop)
        language = (self.company.partner_id.lang or "de_DE").split("_")[0]
        self.assertIn(f'lang="{language}"', response.text)
        self.assertIn('value="M SE 4711"', response.text)
        self.assertIn('data-step="contact"', response.text)
        self.assertIn("workshop_damage_report.assets_public", response.text)
        self.assertNotIn("web.assets_frontend", response.text)
        self.assertNoReportData(response, self.other)

    def test_another_reports_token_opens_nothing(self):
        for url in (
            self.base(self.report, self.other.access_token),
            f"{self.base(self.report, self.other.access_token)}/contact",
            f"{self.base(self.report, self.other.access_token)}/review",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 410, url)
            self.assertIn('id="dr-link-invalid"', response.text)
            self.assertNoReportData(response, self.report, self.other)

    def test_no_token_and_a_guessed_id_open_nothing(self):
        guessed = self.env["damage.report"].search([], order="id desc", limit=1).id + 17
        for url, status in (
            (f"/schadenmeldung/r/{self.report.id}", 404),
            (f"/schadenmeldung/r/{self.report.id}/", 404),
            (f"/schadenmeldung/r/{self.report.id}/x/contact", 410),
            (f"/schadenmeldung/r/{guessed}/{self.report.access_token}", 410),
            (f"/schadenmeldung/r/{guessed}/{self.report.access_token}/contact", 410),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, status, url)
            self.assertNoReportData(response, self.report, self.other)

    def test_expired_revoked_and_cancelled_links_say_the_same(self):
        pages = set()
        for change in (
            {"link_expires_at": fields.Datetime.now() - timedelta(minutes=1)},
            {"link_revoked": True},
            {"state": "cancelled"},
            {"state": "closed"},
        ):
            report = self._new_report("Erika Hidden", "K EH 99")
            report.write(change)
            response = self.url_open(f"{self.base(report)}/contact")
            self.assertEqual(response.status_code, 410, change)
            self.assertNoReportData(response, report)
            pages.add(response.text)
        self.assertEqual(len(pages), 1, "the page does not tell expired from revoked or closed")

    def test_a_step_saves_only_its_fields_and_the_customer_comes_back(self):
        partner = self.env["res.partner"].create({"name": "Not Me"})
        response = self.post_step(
            self.report,
            "contact",
            {
                "license_plate": "m-ab 1234",
                "customer_name": "Anna Muster",
                "customer_phone": "0171 1234567",
                "customer_email": "Anna@Example.com",
                "vin": "wdd1173421n456789",
                "odometer": "45.000",
                "first_registration": "2019-03-01",
                "state": "closed",
                "company_id": "999",
                "partner_id": str(partner.id),
                "cover_type": "self_pay",
                "link_revoked": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/insurance"), response.url)
        report = self.report
        self.assertRecordValues(
            report,
            [
                {
                    "license_plate": "M AB 1234",
                    "customer_name": "Anna Muster",
                    "customer_email": "anna@example.com",
                    "vin": "WDD1173421N456789",
                    "odometer": 45000,
                    "state": "link_sent",
                    "company_id": self.company.id,
                    "partner_id": False,
                    "cover_type": False,
                    "link_revoked": False,
                    "step": "insurance",
                }
            ],
        )
        again = self.url_open(self.base(report))
        self.assertTrue(again.url.endswith("/insurance"), "the link opens the step reached")
        contact = self.url_open(f"{self.base(report)}/contact")
        self.assertIn('value="M AB 1234"', contact.text)
        self.assertIn('value="2019-03-01"', contact.text)

    def test_a_wrong_value_is_shown_and_nothing_is_saved(self):
        for values in (
            {"customer_email": "not-an-address"},
            {"vin": "WDD1173421N45678O"},
            {"license_plate": "<b>"},
            {"first_registration": "2999-01-01"},
        ):
            data = {"license_plate": "M SE 4711", "customer_name": "Changed Name"}
            data.update(values)
            response = self.post_step(self.report, "contact", data)
            self.assertEqual(response.status_code, 400, values)
            self.assertIn('id="dr-error"', response.text)
            self.assertEqual(self.report.customer_name, "Anna Secret", values)

    def test_preferred_dates_on_opening_days_only(self):
        self.company.write(
            {
                "damage_report_opening_days": "0,1,2,3,4",
                "damage_report_hour_from": 8.0,
                "damage_report_hour_to": 17.0,
            }
        )
        today = fields.Date.context_today(self.report)
        monday = today + timedelta(days=7 - today.weekday())
        sunday = monday + timedelta(days=6)
        response = self.post_step(
            self.report,
            "dates",
            {"date_1": monday.isoformat(), "time_1": "09:30", "date_2": "", "time_2": ""},
        )
        self.assertTrue(response.url.endswith("/forms"), response.url)
        self.assertEqual(len(self.report.preferred_slot_ids), 1)
        page = self.url_open(f"{self.base(self.report)}/dates")
        self.assertIn(f'value="{monday.isoformat()}"', page.text)
        refused = self.post_step(
            self.report, "dates", {"date_1": sunday.isoformat(), "time_1": "09:30"}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(len(self.report.preferred_slot_ids), 1, "the saved date stays")

    def test_photos_of_another_report_cannot_be_seen_or_removed(self):
        photo = self.other._add_photo("front_left", jpeg())
        mine = self.base(self.report)
        response = self.url_open(f"{mine}/photo/{photo.id}")
        self.assertEqual(response.status_code, 404)
        token = self.csrf(f"{mine}/photos")
        with mute_logger("odoo.http"):
            removed = self.url_open(f"{mine}/photo/{photo.id}/delete", data={"csrf_token": token})
        self.assertEqual(removed.status_code, 404)
        self.assertTrue(photo.exists())
        own = self.url_open(f"{self.base(self.other)}/photo/{photo.id}")
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.headers["Content-Type"], "image/jpeg")

    def test_a_post_without_the_csrf_token_is_refused(self):
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"{self.base(self.report)}/contact",
                data={"customer_name": "Forged", "license_plate": "M FO 1"},
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.report.customer_name, "Anna Secret")

    def test_a_sent_report_is_read_only(self):
        self.report.write({"state": "reported"})
        response = self.url_open(self.base(self.report))
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="dr-summary"', response.text)
        self.assertNotIn('id="dr-form-contact"', response.text)
        step = self.url_open(f"{self.base(self.report)}/contact")
        self.assertFalse(step.url.endswith("/contact"), "a step redirects to the summary")
        upload = self.upload(self.report, jpeg())
        self.assertEqual(upload.status_code, 409)
        self.assertIn("error", upload.json())
        self.assertFalse(self.report.photo_ids)

    def test_the_customer_confirms_a_proposed_date(self):
        Slot = self.env["damage.report.slot"]
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
        self.report.write({"state": "appointment_proposed"})
        slots = Slot.create(
            [
                {"report_id": self.report.id, "kind": "proposed", "start": start},
                {"report_id": self.report.id, "kind": "proposed", "start": start + timedelta(1)},
            ]
        )
        foreign = Slot.create({"report_id": self.other.id, "kind": "proposed", "start": start})
        page = self.url_open(self.base(self.report))
        self.assertIn('id="dr-proposed"', page.text)
        self.assertIn(slots[0].date_display, page.text)
        token = self.csrf(self.base(self.report))
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"{self.base(self.report)}/slot/{foreign.id}/confirm", data={"csrf_token": token}
            )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.report.state, "appointment_proposed")
        response = self.url_open(
            f"{self.base(self.report)}/slot/{slots[1].id}/confirm", data={"csrf_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.report.state, "appointment_confirmed")
        self.assertTrue(slots[1].chosen)
        self.assertEqual(self.report.appointment_at, slots[1].start)
        self.assertIn('id="dr-appointment"', response.text)
