# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tests.common import freeze_time

from .soom_common import SoomStandInMixin

#: 22:49 in Germany (winter time, UTC+1), as Odoo stores it.
CALL_TIME = datetime(2026, 12, 3, 21, 49)
#: 10:00 in Germany.
INSPECTION_AT = datetime(2026, 12, 5, 9, 0)
#: When the transmission went, and when the documents are printed: 22:50 in Germany.
SENT_AT = datetime(2026, 12, 3, 21, 50)

#: The values above as a user in Germany reads them, per language.
EXPECTED = {
    "de_DE": {
        "call": "03.12.2026 22:49:00",
        "inspection": "05.12.2026 10:00:00",
        "inspection_short": "05.12.2026 10:00",
        "release_due": "04.12.2026 22:49:00",
        "sent": "03.12.2026 22:50:00",
        "follow_up": "04.12.2026",
    },
    "en_US": {
        "call": "12/03/2026 22:49:00",
        "inspection": "12/05/2026 10:00:00",
        "inspection_short": "12/05/2026 10:00",
        "release_due": "12/04/2026 22:49:00",
        "sent": "12/03/2026 22:50:00",
        "follow_up": "12/04/2026",
    },
}


@tagged("post_install", "-at_install")
class TestLocalTimes(SoomStandInMixin, TransactionCase):
    """Issue 9, A.1: every date-time the server formats reads as the web client
    shows it: in the user's time zone (else the company's, else Europe/Berlin)
    and in the date and time format of the user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        for code in EXPECTED:
            cls.env["res.lang"]._activate_lang(code)

    def _env_of(self, lang, tz):
        """The environment of a workshop user as the web client calls the server."""
        user = new_test_user(
            self.env,
            login=f"ig_local_{lang}_{tz or 'none'}",
            groups="ig_soom_dra.group_ig_soom_user",
            lang=lang,
            tz=tz,
        )
        return self.env(user=user, context={"lang": lang, "tz": tz})

    def _check_every_place(self, env, expected):
        order = self.order.with_env(env)
        order.write(
            {"call_time": CALL_TIME, "customer_reached": True, "inspection_at": INSPECTION_AT}
        )

        # The SOOM dialog
        action = order.action_soom_send()
        wizard = env["soom.send.wizard"].browse(action["res_id"])
        shown = {line.key: line.new_value for line in wizard.line_ids}
        self.assertEqual(shown["call_time"], expected["call"])
        self.assertEqual(shown["inspection_at"], expected["inspection"])

        # The status table, before and after sending
        self.assertIn(expected["inspection"], order.soom_status_html)
        wizard.action_send()
        self.env.invalidate_all()
        self.assertIn(expected["call"], order.soom_status_html)

        # The chatter note of the transmission
        note = order.message_ids[0].body
        self.assertIn(expected["call"], note)
        self.assertIn(expected["inspection"], note)

        # The transmission list: its name and the values it lists
        transmission = order.soom_transmission_ids[:1]
        transmission.sudo().sent_at = SENT_AT
        self.env.invalidate_all()
        self.assertIn(expected["sent"], transmission.with_env(env).name)
        self.assertIn(expected["call"], transmission.values_display)

        # The next date due on the card (without seconds)
        with freeze_time("2026-12-01 12:00:00"):
            self.env.invalidate_all()
            self.assertIn(expected["inspection_short"], order.ig_next_due_display)

        # The release reminder
        order.estimate_sent_at = CALL_TIME
        notes = " ".join(order.activity_ids.mapped("note"))
        self.assertIn(expected["release_due"], notes)

        # "Printed on" of the barcode page
        with freeze_time(SENT_AT):
            lines = env["dra.document.print"].create({"order_id": order.id})._barcode_lines()
        self.assertEqual(lines[-1][1], expected["sent"])

        # The note of a call attempt that did not reach the customer
        appointment = env["soom.appointment.wizard"].create(
            {"order_id": order.id, "customer_reached": "no", "call_time": CALL_TIME}
        )
        appointment.action_confirm()
        self.assertIn(expected["call"], order.message_ids[0].body)
        self.assertIn(expected["follow_up"], order.message_ids[0].body)

    def test_german_user_in_berlin(self):
        self._check_every_place(self._env_of("de_DE", "Europe/Berlin"), EXPECTED["de_DE"])

    def test_english_user_in_berlin(self):
        self._check_every_place(self._env_of("en_US", "Europe/Berlin"), EXPECTED["en_US"])

    def test_user_without_time_zone_reads_the_company_s_or_berlin(self):
        self.assertFalse(self.env.company.partner_id.tz)
        self._check_every_place(self._env_of("de_DE", False), EXPECTED["de_DE"])

    def test_company_time_zone_when_the_user_has_none(self):
        self.env.company.partner_id.tz = "Europe/London"
        env = self._env_of("en_US", False)
        order = self.order.with_env(env)
        order.call_time = CALL_TIME
        self.assertIn("12/03/2026 21:49:00", order.soom_status_html)

    def test_what_soom_holds_reads_in_the_reader_s_language(self):
        german, english = self._env_of("de_DE", "Europe/Berlin"), self._env_of("en_US", False)
        order = self.order.with_env(german)
        order.write({"call_time": CALL_TIME, "customer_reached": True})
        action = order.action_soom_send()
        german["soom.send.wizard"].browse(action["res_id"]).action_send()
        self.env.invalidate_all()
        sent = order.with_env(english).soom_sent_ids.filtered(lambda s: s.key == "call_time")
        self.assertEqual(sent.value_display, EXPECTED["en_US"]["call"])
        self.assertEqual(sent.with_env(german).value_display, EXPECTED["de_DE"]["call"])

    def test_a_late_call_is_followed_up_on_the_next_working_day_in_germany(self):
        # 23:30 UTC on Thursday is 00:30 on Friday in Germany: call again on Monday
        env = self._env_of("de_DE", False)
        appointment = env["soom.appointment.wizard"].create(
            {
                "order_id": self.order.id,
                "customer_reached": "no",
                "call_time": datetime(2026, 12, 3, 23, 30),
            }
        )
        self.assertEqual(str(appointment.follow_up_date), "2026-12-07")
