# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from PIL import Image

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .workshop_common import WorkshopCommonMixin


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestWorkshopLink(WorkshopCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_workshop()
        cls.company.damage_report_link_days = 10

    def test_send_link(self):
        report = self.report.with_user(self.user_workshop)
        report.action_send_link()
        self.assertEqual(report.state, "link_sent")
        self.assertTrue(report.link_sent_at)
        self.assertTrue(report.access_token)
        self.assertFalse(report.link_revoked)
        expected = fields.Datetime.now() + timedelta(days=10)
        self.assertAlmostEqual(report.link_expires_at, expected, delta=timedelta(minutes=5))
        self.assertTrue(report._link_valid(report.access_token))
        mail = self._mails_to(email="erika@example.com")
        self.assertEqual(len(mail), 1)
        self.assertIn(report.link_url, mail.body_html)
        self.assertIn(f"/schadenmeldung/r/{report.id}/{report.access_token}", report.link_url)

    def test_send_link_needs_an_address(self):
        self.report.customer_email = False
        with self.assertRaises(UserError):
            self.report.with_user(self.user_workshop).action_send_link()
        self.assertEqual(self.report.state, "draft")

    def test_link_url_only_while_valid(self):
        self.report.action_renew_link()
        self.assertTrue(self.report.link_url)
        self.report.link_expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.assertFalse(self.report.link_url)
        self.assertFalse(self.report.whatsapp_url)

    def test_whatsapp_url_with_phone_in_e164(self):
        self.report.action_renew_link()
        url = urlparse(self.report.whatsapp_url)
        self.assertEqual(url.netloc, "wa.me")
        self.assertEqual(url.path, "/491764547794")
        self.assertIn(self.report.link_url, parse_qs(url.query)["text"][0])

    def test_whatsapp_url_without_phone(self):
        self.report.customer_phone = False
        self.report.action_renew_link()
        url = urlparse(self.report.whatsapp_url)
        self.assertEqual(url.path, "/")
        self.assertIn(self.report.link_url, parse_qs(url.query)["text"][0])

    def test_revoke_and_send_again(self):
        report = self.report.with_user(self.user_workshop)
        report.action_send_link()
        old_token = report.access_token
        report.action_revoke_link()
        self.assertTrue(report.link_revoked)
        self.assertFalse(report.access_token)
        self.assertFalse(report._link_valid(old_token))
        self.assertFalse(report.link_url)
        report.action_resend_link()
        self.assertFalse(report.link_revoked)
        self.assertTrue(report.access_token)
        self.assertNotEqual(report.access_token, old_token)
        self.assertFalse(report._link_valid(old_token))
        self.assertTrue(report._link_valid(report.access_token))
        self.assertEqual(len(self._mails_to(email="erika@example.com")), 2)

    def test_create_from_menu_prefilled(self):
        form = Form(self.env["damage.report"].with_user(self.user_workshop))
        form.customer_name = "Max Muster"
        form.customer_email = "max@example.com"
        form.license_plate = "B-MM 42"
        form.insurer_name = "HUK-Coburg"
        form.broker_id = self.broker
        report = form.save()
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.user_id, self.user_workshop)
        self.assertNotEqual(report.name, self.report.name)

    def test_new_flag_cleared_by_the_workshop(self):
        self.report.sudo().write({"state": "reported", "is_new": True})
        self.report.sudo().write({"damage_place": "Stuttgart"})
        self.assertTrue(self.report.is_new, "the customer's writes keep it new")
        self.report.with_user(self.user_workshop).action_mark_read()
        self.assertFalse(self.report.is_new)
        self.report.sudo().is_new = True
        self.report.with_user(self.user_workshop).write({"claim_number": "K-1"})
        self.assertFalse(self.report.is_new)

    def test_new_reports_on_top(self):
        other = self.report.copy({"customer_name": "Zweiter"})
        other.sudo().is_new = True
        reports = self.env["damage.report"].search([("id", "in", (self.report | other).ids)])
        self.assertEqual(reports[0], other)

    def test_close_and_cancel(self):
        report = self.report.with_user(self.user_workshop)
        report.action_close()
        self.assertEqual(report.state, "closed")
        self.assertTrue(report.closed_at)
        other = self.report.copy().with_user(self.user_workshop)
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        self.assertFalse(other._link_valid(other.access_token))

    def test_request_more_photos(self):
        self.report.action_send_link()
        self.report._add_photo("front_left", _jpeg())
        self.report.sudo().write({"state": "reported"})
        action = self.report.with_user(self.user_workshop).action_request_photos()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user_workshop)
            .with_context(**action["context"])
        )
        wizard = wizard_form.save()
        present = wizard.line_ids.filtered("present")
        self.assertEqual(present.mapped("category"), ["front_left"])
        self.assertFalse(present.selected)
        wizard.line_ids.write({"selected": False})
        wizard.line_ids.filtered(lambda line: line.category in ("odometer", "vin_plate")).write(
            {"selected": True}
        )
        wizard.note = "Bitte auch das Rad."
        wizard.action_request()
        self.assertEqual(self.report.state, "link_sent")
        self.assertEqual(
            set(self.report.requested_categories.split(",")), {"odometer", "vin_plate"}
        )
        self.assertTrue(self.report._customer_editable())
        self.assertTrue(self.report._link_valid(self.report.access_token))
        mails = self._mails_to(email="erika@example.com")
        self.assertEqual(len(mails), 2)
        self.assertIn("Bitte auch das Rad.", mails.sorted("id")[-1].body_html)

    def test_request_photos_needs_a_category(self):
        wizard = self.env["damage.report.photo.request"].create({"report_id": self.report.id})
        with self.assertRaises(UserError):
            wizard.action_request()
