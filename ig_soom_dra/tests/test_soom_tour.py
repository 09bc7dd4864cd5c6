# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timezone

from odoo.tests import HttpCase, tagged

from ..core.soom import SOOM_FIELDS, to_soom_payload
from .common import sample_bytes
from .soom_common import CASE_374, SoomStandInMixin

FILE_374 = "KSR202019374.xml"


def _utc(value):
    """An Odoo date-time (naive UTC) as ``core.soom`` takes it."""
    return value.replace(tzinfo=timezone.utc)


@tagged("post_install", "-at_install")
class TestSoomTour(SoomStandInMixin, HttpCase):
    """Issue 4, "Done when": an imported sample order goes from the first call
    to AB in the browser, each step sent with the SOOM button, and the
    stand-in holds exactly the values the dialogs showed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_soom_standin()

    def _import_374(self):
        """Take KSR202019374.xml over with the assistant, creating its contacts."""
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        self.assertEqual(wizard.addresses_mark, "done")
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        self.assertEqual(wizard.step, "finish")
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def test_first_call_to_ab_in_english(self):
        self._first_call_to_ab("en_US")

    def test_first_call_to_ab_in_german(self):
        self._first_call_to_ab("de_DE")

    def _first_call_to_ab(self, lang):
        """The flow as the admin working in ``lang``, in Germany: whatever the
        database's languages, the dialogs list the values as the tour expects
        them from the session (its time zone, its language's formats)."""
        self.env["res.lang"]._activate_lang(lang)
        admin = self.env.ref("base.user_admin")
        admin.write({"lang": lang, "tz": "Europe/Berlin"})
        order = self._import_374()
        self.assertEqual(order.soom_case_id, CASE_374)
        self.assertEqual(order.workshop_status, "kv")
        self.assertEqual(order.courtesy_car_class, "Nicht erforderlich")
        self.assertFalse(order.soom_transmission_ids)
        self.assertEqual(order.soom_sync_state, "up_to_date")
        admin.groups_id |= self.env.ref("ig_soom_dra.group_ig_soom_manager")

        self.start_tour(
            f"/odoo/action-ig_soom_dra.repair_order_action_broker/{order.id}",
            "ig_soom_dra_soom_flow_tour",
            login="admin",
            timeout=180,
        )

        self.env.invalidate_all()
        self.assertEqual(order.workshop_status, "ab")
        self.assertTrue(order.customer_reached)
        self.assertEqual(order.vehicle_arrival, "customer_leaves")
        # the inspection is a calendar event with the customer
        self.assertEqual(order.inspection_event_id.start, order.inspection_at)
        self.assertIn(order.partner_id, order.inspection_event_id.partner_ids)
        self.assertTrue(order.estimate_sent_at)
        self.assertTrue(order.release_received)

        # Two transmissions, both successful, by the admin, in this order:
        # the first call, then the estimate's date with the release.
        transmissions = order.soom_transmission_ids.sorted("id")
        self.assertEqual(transmissions.mapped("state"), ["success", "success"])
        self.assertEqual(transmissions.user_id, admin)
        expected = [
            to_soom_payload(
                {
                    "call_time": _utc(order.call_time),
                    "customer_reached": True,
                    "inspection_at": _utc(order.inspection_at),
                    # the courtesy car class came from SOOM (the DRA file): not sent
                }
            ),
            to_soom_payload(
                {
                    "estimate_sent": _utc(order.estimate_sent_at),
                    "release_received": True,
                    "release_date": order.release_date,
                    "repair_start": _utc(order.repair_start_planned),
                    "repair_end_expected": _utc(order.repair_end_expected),
                }
            ),
        ]
        # What the dialogs listed is what the transmissions logged (the
        # dialog sends only the values it shows, see soom.send.wizard).
        self.assertEqual([json.loads(tx.payload) for tx in transmissions], expected)

        # The stand-in received exactly these two requests and applied them;
        # nothing else reached it.
        received = self.standin.received()
        self.assertEqual([entry["outcome"] for entry in received], ["applied", "applied"])
        self.assertEqual([entry["values"] for entry in received], expected)
        self.assertEqual([entry["case_id"] for entry in received], [CASE_374] * 2)
        self.assertEqual(
            [entry["idempotency_key"] for entry in received],
            transmissions.mapped("idempotency_key"),
        )
        self.assertEqual(self._soom_values(), {**expected[0], **expected[1]})

        # The dialog listed each value as the admin reads it (own language, Berlin
        # time); the log keeps those lines, and they are the values received.
        as_admin = order.with_user(admin).with_context(lang=admin.lang, tz=admin.tz)
        fields_to_keys = {field: key for key, field in SOOM_FIELDS.items()}
        for transmission, entry in zip(transmissions, received, strict=True):
            self.assertEqual(
                sorted(transmission.values_display.splitlines()),
                sorted(
                    f"{as_admin._soom_label(fields_to_keys[field])}: "
                    f"{as_admin._soom_format_json(fields_to_keys[field], value)}"
                    for field, value in entry["values"].items()
                ),
            )

        # Every value sent is marked as sent, by the admin, with its value;
        # nothing is left to send.
        held = order._soom_sent_by_key()
        sent = {key: record for key, record in held.items() if record.source == "portal"}
        self.assertEqual(
            set(sent),
            {
                "call_time",
                "customer_reached",
                "inspection_at",
                "estimate_sent",
                "release_received",
                "release_date",
                "repair_start",
                "repair_end_expected",
            },
        )
        self.assertEqual(held["courtesy_car_class"].source, "dra_file")
        payload = {**expected[0], **expected[1]}
        for key, record in sent.items():
            self.assertEqual(record.sent_by_id, admin)
            self.assertIn(record.transmission_id, transmissions)
            self.assertEqual(json.loads(record.value_json), payload[SOOM_FIELDS[key]])
        self.assertEqual(order._soom_pending_values(), {})
        self.assertEqual(
            {line["state"] for line in order._soom_milestone_lines() if line["key"] in sent},
            {"sent"},
        )
