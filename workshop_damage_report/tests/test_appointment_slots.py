# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAppointmentSlots(TransactionCase):
    """Issue 10, point 5: confirm a preferred date, propose dates, the
    customer confirms one of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.write({"tz": "Europe/Berlin", "email": "info@example.com"})
        cls.user = new_test_user(
            cls.env,
            login="damage_order_user",
            groups="workshop_damage_report.group_damage_report_user",
            email="werkstatt@example.com",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Gertrud Müller", "email": "gertrud@example.com"}
        )
        cls.start = datetime(2031, 3, 4, 13, 0)  # 14:00 in Berlin (winter time)
        cls.report = (
            cls.env["damage.report"]
            .with_user(cls.user)
            .create(
                {
                    "customer_name": "Gertrud Müller",
                    "customer_email": "gertrud@example.com",
                    "partner_id": cls.customer.id,
                    "license_plate": "S-GM 123",
                    "state": "reported",
                    "slot_ids": [
                        fields.Command.create({"kind": "preferred", "start": cls.start}),
                        fields.Command.create(
                            {"kind": "preferred", "start": cls.start + timedelta(days=1)}
                        ),
                    ],
                }
            )
        )

    def _propose(self, *dates):
        form = Form(
            self.env["damage.report.propose.wizard"]
            .with_user(self.user)
            .with_context(default_report_id=self.report.id)
        )
        for name, date in zip(("date_1", "date_2", "date_3"), dates, strict=False):
            setattr(form, name, date)
        return form.save()

    def test_confirm_a_preferred_date(self):
        slot = self.report.preferred_slot_ids[0]
        slot.with_user(self.user).action_confirm()
        self.assertEqual(self.report.state, "appointment_confirmed")
        self.assertEqual(self.report.appointment_at, self.start)
        self.assertTrue(slot.chosen)
        self.assertFalse(self.report.preferred_slot_ids[1].chosen)
        event = self.report.calendar_event_id
        self.assertEqual(event.start, self.start)
        self.assertEqual(event.stop, self.start + timedelta(hours=1))
        self.assertEqual(event.user_id, self.user)
        self.assertIn(self.customer, event.partner_ids)
        self.assertIn("S-GM 123", event.name)
        mail = self.env["mail.mail"].search(
            [("model", "=", "damage.report"), ("res_id", "=", self.report.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "gertrud@example.com")
        # the company's time zone and the language's format, not UTC
        self.assertIn(slot.date_display, mail.body_html)

    def test_date_display_is_in_the_company_time_zone_and_language_format(self):
        slot = self.report.preferred_slot_ids[0]
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["res.lang"]._activate_lang("en_US")
        # the customer's language, else the context's
        self.report.partner_id.lang = "de_DE"
        self.assertEqual(slot.with_context(lang="en_US").date_display, "04.03.2031 14:00")
        self.report.partner_id = False
        self.assertEqual(slot.with_context(lang="de_DE").date_display, "04.03.2031 14:00")
        self.assertEqual(slot.with_context(lang="en_US").date_display, "03/04/2031 14:00")

    def test_a_proposed_date_is_not_confirmed_by_the_workshop_button(self):
        wizard = self._propose(self.start + timedelta(days=3))
        wizard.action_propose()
        with self.assertRaises(UserError):
            self.report.proposed_slot_ids.with_user(self.user).action_confirm()

    def test_propose_dates_and_the_customer_confirms_one(self):
        self.report.link_revoked = True
        wizard = self._propose(self.start + timedelta(days=5), self.start + timedelta(days=3))
        wizard.action_propose()
        self.assertEqual(self.report.state, "appointment_proposed")
        proposed = self.report.proposed_slot_ids
        self.assertEqual(
            proposed.mapped("start"),
            [self.start + timedelta(days=3), self.start + timedelta(days=5)],
        )
        # the link is valid again and in the e-mail
        self.assertTrue(self.report._link_valid(self.report.access_token))
        mail = self.env["mail.mail"].search(
            [("model", "=", "damage.report"), ("res_id", "=", self.report.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.report.access_token, mail.body_html)
        for slot in proposed:
            self.assertIn(slot.date_display, mail.body_html)

        # the public controller calls it as superuser after the token check
        public = self.report.sudo().with_user(self.env.ref("base.public_user")).sudo()
        public._customer_confirm_slot(proposed[1].sudo())
        self.assertEqual(self.report.state, "appointment_confirmed")
        self.assertEqual(self.report.appointment_at, proposed[1].start)
        self.assertTrue(proposed[1].chosen)
        self.assertTrue(self.report.calendar_event_id)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [
                    ("model", "=", "damage.report"),
                    ("res_id", "=", self.report.id),
                    ("email_to", "=", "gertrud@example.com"),
                ]
            ),
            2,
        )
        activity = self.report.activity_ids
        self.assertEqual(activity.user_id, self.user)

    def test_the_customer_cannot_confirm_a_wrong_slot(self):
        self._propose(self.start + timedelta(days=3)).action_propose()
        public = self.report.sudo()
        # a preferred date of the same report
        with self.assertRaises(UserError):
            public._customer_confirm_slot(self.report.preferred_slot_ids[0].sudo())
        # a proposed date of another report
        other = self.report.copy({"state": "reported"})
        other.slot_ids = [fields.Command.create({"kind": "proposed", "start": self.start})]
        with self.assertRaises(UserError):
            public._customer_confirm_slot(other.proposed_slot_ids.sudo())
        # a slot that does not exist
        with self.assertRaises(UserError):
            public._customer_confirm_slot(self.env["damage.report.slot"].sudo().browse(999999999))
        # not while the report is not waiting for the customer's answer
        self.report.state = "reported"
        with self.assertRaises(UserError):
            public._customer_confirm_slot(self.report.proposed_slot_ids.sudo())
        self.assertFalse(self.report.calendar_event_id)

    def test_proposed_dates_are_checked(self):
        with self.assertRaises(UserError):
            self._propose(datetime(2020, 1, 1, 10, 0)).action_propose()
        same = self.start + timedelta(days=3)
        with self.assertRaises(UserError):
            self._propose(same, same).action_propose()
        self.assertEqual(self.report.state, "reported")
        self.assertFalse(self.report.proposed_slot_ids)

    def test_a_new_proposal_replaces_the_open_one(self):
        self._propose(self.start + timedelta(days=3)).action_propose()
        self._propose(self.start + timedelta(days=7)).action_propose()
        self.assertEqual(self.report.proposed_slot_ids.start, self.start + timedelta(days=7))

    def test_new_dates_cancel_the_confirmed_appointment(self):
        """Dates proposed after an appointment was confirmed: the old one leaves
        the calendar, and the customer's new choice is the only appointment."""
        self.report.preferred_slot_ids[0].with_user(self.user).action_confirm()
        event = self.report.calendar_event_id
        self.assertTrue(event)
        before = self.report.message_ids
        self._propose(self.start + timedelta(days=7)).action_propose()
        self.assertFalse(event.exists())
        self.assertFalse(self.report.calendar_event_id)
        self.assertFalse(self.report.appointment_at)
        self.assertFalse(self.report.slot_ids.filtered("chosen"))
        self.assertEqual(self.report.state, "appointment_proposed")
        # a note that the appointment is cancelled, then the one of the new dates
        notes = (self.report.message_ids - before).filtered(
            lambda message: (
                message.subtype_id == self.env.ref("mail.mt_note")
                and not message.tracking_value_ids
            )
        )
        self.assertEqual(len(notes), 2)
        public = self.report.sudo()
        public._customer_confirm_slot(self.report.proposed_slot_ids.sudo())
        events = self.env["calendar.event"].search(
            [("res_model", "=", "damage.report"), ("res_id", "=", self.report.id)]
        )
        self.assertEqual(events, self.report.calendar_event_id)
        self.assertEqual(events.start, self.start + timedelta(days=7))
