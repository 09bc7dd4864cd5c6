# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import TransactionCase, tagged

from .common import sample_bytes
from .soom_common import CASE_374, SoomStandInMixin

FILE_374 = "KSR202019374.xml"


@tagged("post_install", "-at_install")
class TestSoomHeldValues(SoomStandInMixin, TransactionCase):
    """Issue 9, A.6: values that came from SOOM (its DRA file) are not pending."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_soom_standin()

    def _import_374(self):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        return self.env["repair.order"].browse(wizard.action_confirm()["res_id"])

    def test_a_fresh_import_is_up_to_date_with_soom(self):
        order = self._import_374()
        self.assertEqual(order.soom_case_id, CASE_374)
        self.assertEqual(order.courtesy_car_class, "Nicht erforderlich")
        self.assertEqual(order._soom_pending_values(), {})
        self.assertEqual(order.soom_sync_state, "up_to_date")
        # held by SOOM, with its source: the file, at the takeover, by its user
        held = order._soom_sent_by_key()
        self.assertEqual(set(held), {"courtesy_car_class"})
        record = held["courtesy_car_class"]
        self.assertEqual(record.source, "dra_file")
        self.assertEqual(json.loads(record.value_json), "Nicht erforderlich")
        self.assertEqual(record.sent_by_id, self.env.user)
        self.assertFalse(record.transmission_id)
        self.assertFalse(order.soom_transmission_ids, "nothing was sent to SOOM")
        states = {line["key"]: line["state"] for line in order._soom_milestone_lines()}
        self.assertEqual(states["courtesy_car_class"], "from_soom")
        self.assertEqual(states["call_time"], "not_sent")
        # the SOOM dialog has nothing to send
        wizard = self.env["soom.send.wizard"].create({"order_id": order.id})
        wizard._fill_lines()
        self.assertFalse(wizard.line_ids)

    def test_a_value_changed_in_the_workshop_is_pending_again(self):
        order = self._import_374()
        order.courtesy_car_class = "Kompaktklasse"
        self.assertEqual(set(order._soom_pending_values()), {"courtesy_car_class"})
        self.assertEqual(order.soom_sync_state, "changes_not_sent")
        states = {line["key"]: line["state"] for line in order._soom_milestone_lines()}
        self.assertEqual(states["courtesy_car_class"], "changed")
        # back to SOOM's value: nothing to send again
        order.courtesy_car_class = "Nicht erforderlich"
        self.assertEqual(order._soom_pending_values(), {})

    def test_sending_makes_the_source_the_portal(self):
        order = self._import_374()
        order.courtesy_car_class = "Kompaktklasse"
        wizard = self.env["soom.send.wizard"].browse(order.action_soom_send()["res_id"])
        wizard.action_send()
        record = order._soom_sent_by_key()["courtesy_car_class"]
        self.assertEqual(record.source, "portal")
        self.assertEqual(json.loads(record.value_json), "Kompaktklasse")
        self.assertTrue(record.transmission_id)
        self.assertEqual(order.soom_sync_state, "up_to_date")
