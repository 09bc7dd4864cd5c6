# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from lxml import etree

from odoo import fields
from odoo.tests import Form, TransactionCase, tagged

from ..core.stages import STAGE_KEYS
from .common import IgSoomCommonMixin

#: SOOM case id of the orders of these tests (no request goes out).
CASE_ID = "5b0c1f4e-0000-4000-8000-000000000001"


@tagged("post_install", "-at_install")
class TestProcessingStage(IgSoomCommonMixin, TransactionCase):
    """The broker kanban: stage from the milestones, all columns, next date due, SOOM state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.env.user.tz = "Europe/Berlin"
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})
        cls.order = cls._new_order("202019374", soom_case_id=CASE_ID)

    @classmethod
    def _new_order(cls, ref, **values):
        return cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.id,
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": ref,
                "workshop_status": "kv",
                "dra_filename": f"KSR{ref}.xml",
                **values,
            }
        )

    def _stage_search(self, stage):
        return self.env["repair.order"].search(
            [("processing_stage", "=", stage), ("id", "=", self.order.id)]
        )

    # ------------------------------------------------------------------
    # The stored stage follows the milestones
    # ------------------------------------------------------------------

    def test_stage_moves_with_the_milestones(self):
        order = self.order
        self.assertEqual(order.processing_stage, "new")
        steps = [
            ({"call_time": datetime(2026, 3, 2, 8, 15)}, "new"),
            ({"customer_reached": True}, "customer_reached"),
            ({"inspection_at": datetime(2026, 3, 4, 13, 0)}, "inspection_agreed"),
            ({"vehicle_received_at": datetime(2026, 3, 4, 12, 50)}, "vehicle_received"),
            ({"estimate_sent_at": datetime(2026, 3, 5, 9, 0)}, "estimate_sent"),
            ({"release_received": True, "workshop_status": "ab"}, "released"),
            ({"repair_start_planned": datetime(2026, 3, 9, 6, 0)}, "released"),
            ({"repair_start_at": datetime(2026, 3, 9, 6, 30)}, "in_repair"),
            ({"work_interrupted": True}, "in_repair"),
            ({"repair_end_at": datetime(2026, 3, 13, 15, 0)}, "repaired"),
            ({"vehicle_returned_at": datetime(2026, 3, 14, 10, 0)}, "handed_back"),
            ({"workshop_status": "re"}, "invoiced"),
        ]
        for values, stage in steps:
            order.write(values)
            self.assertEqual(order.processing_stage, stage, values)
            # stored: the database holds it, searches and groups find it
            self.assertEqual(self._stage_search(stage), order, values)
        # clearing a milestone moves the order back
        order.write({"workshop_status": "ab", "vehicle_returned_at": False, "repair_end_at": False})
        self.assertEqual(order.processing_stage, "in_repair")
        self.assertEqual(self._stage_search("in_repair"), order)
        order.write({"repair_start_at": False})
        self.assertEqual(order.processing_stage, "released")

    def test_broker_order_without_its_dra_file(self):
        """A broker order whose DRA file was not taken over is in "DRA File Missing"."""
        draft = self._new_order("202019380", dra_filename=False, workshop_status=False)
        self.assertEqual(draft.processing_stage, "dra_missing")
        self.assertEqual(
            self.env["repair.order"].search(
                [("processing_stage", "=", "dra_missing"), ("id", "=", draft.id)]
            ),
            draft,
        )
        # a milestone recorded meanwhile moves it on; the file alone makes it new
        draft.customer_reached = True
        self.assertEqual(draft.processing_stage, "customer_reached")
        draft.write({"customer_reached": False, "dra_filename": "KSR202019380.xml"})
        self.assertEqual(draft.processing_stage, "new")
        # an order of no broker never misses a DRA file
        plain = self.env["repair.order"].create({"partner_id": self.customer.id})
        self.assertEqual(plain.processing_stage, "new")

    def test_stage_from_the_values_of_a_new_order(self):
        order = self._new_order(
            "202019375",
            inspection_at=datetime(2026, 3, 4, 13, 0),
            estimate_sent_at=datetime(2026, 3, 5, 9, 0),
        )
        self.assertEqual(order.processing_stage, "estimate_sent")
        self.assertEqual(
            self._new_order("202019376", workshop_status="re").processing_stage, "invoiced"
        )

    def test_release_dialog_with_and_without_the_car(self):
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        action = self.order.action_soom_release()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.repair_start_planned = datetime(2026, 3, 9, 6, 0)
        form.repair_end_expected = datetime(2026, 3, 13, 15, 0)
        form.save().action_confirm()
        # a planned start: released, with or without the car in the workshop
        self.assertEqual(self.order.processing_stage, "released")
        self.order.vehicle_received_at = datetime(2026, 3, 9, 5, 30)
        self.assertEqual(self.order.processing_stage, "released")
        self.assertFalse(self.order.repair_start_at)
        # the actual start is a milestone of its own
        self.order.repair_start_at = datetime(2026, 3, 9, 6, 10)
        self.assertEqual(self.order.processing_stage, "in_repair")
        self.assertEqual(self.order.repair_start_planned, datetime(2026, 3, 9, 6, 0))

    def test_starting_the_repair_records_the_actual_start(self):
        self.order._soom_release(datetime(2026, 3, 9, 6, 0), datetime(2026, 3, 13, 15, 0))
        before = fields.Datetime.now().replace(microsecond=0)
        self.order.action_repair_start()
        self.assertEqual(self.order.state, "under_repair")
        self.assertGreaterEqual(self.order.repair_start_at, before)
        self.assertEqual(self.order.repair_start_planned, datetime(2026, 3, 9, 6, 0))
        self.assertEqual(self.order.processing_stage, "in_repair")
        # an actual start recorded by hand is kept
        other = self._new_order("202019380", repair_start_at=datetime(2026, 3, 8, 7, 0))
        other.action_repair_start()
        self.assertEqual(other.repair_start_at, datetime(2026, 3, 8, 7, 0))

    def test_repair_started_and_done_in_odoo(self):
        self.order.write({"vehicle_received_at": datetime(2026, 3, 4, 12, 50)})
        self.order.state = "under_repair"
        self.assertEqual(self.order.processing_stage, "in_repair")
        self.order.state = "done"
        self.assertEqual(self.order.processing_stage, "repaired")

    def test_stage_is_not_set_by_hand(self):
        field = self.env["repair.order"]._fields["processing_stage"]
        self.assertTrue(field.store)
        self.assertTrue(field.readonly)
        self.assertEqual([key for key, _label in field.selection], STAGE_KEYS)

    # ------------------------------------------------------------------
    # The kanban: every column, even when empty
    # ------------------------------------------------------------------

    def test_every_stage_is_a_column(self):
        Order = self.env["repair.order"]
        self.order.inspection_at = datetime(2026, 3, 4, 13, 0)
        result = Order.web_read_group(
            [("id", "=", self.order.id)], ["processing_stage"], ["processing_stage"]
        )
        groups = result["groups"]
        self.assertEqual([group["processing_stage"] for group in groups], STAGE_KEYS)
        counts = {group["processing_stage"]: group["processing_stage_count"] for group in groups}
        self.assertEqual(counts["inspection_agreed"], 1)
        self.assertEqual(sum(counts.values()), 1)
        # also when nothing matches
        result = Order.web_read_group([("id", "=", 0)], ["processing_stage"], ["processing_stage"])
        self.assertEqual([group["processing_stage"] for group in result["groups"]], STAGE_KEYS)

    def test_kanban_groups_by_stage_without_dragging(self):
        action = self.env.ref("ig_soom_dra.repair_order_action_broker")
        views = {mode: view_id for view_id, mode in action.sudo()._get_action_dict()["views"]}
        result = self.env["repair.order"].get_views([(views["kanban"], "kanban")])
        kanban = etree.fromstring(result["views"]["kanban"]["arch"])
        self.assertEqual(kanban.get("default_group_by"), "processing_stage")
        self.assertEqual(kanban.get("records_draggable"), "false")
        self.assertEqual(kanban.get("quick_create"), "false")
        for name in (
            "vehicle_plate",
            "partner_id",
            "vehicle_make",
            "vehicle_model",
            "ig_next_due_display",
            "soom_sync_state",
            "broker_id",
        ):
            self.assertTrue(kanban.xpath(f"//field[@name='{name}']"), name)

    # ------------------------------------------------------------------
    # The next date due
    # ------------------------------------------------------------------

    def test_next_date_due(self):
        order = self.order
        now = fields.Datetime.now()
        self.assertFalse(order.ig_next_due_at)
        self.assertFalse(order.ig_next_due_display)
        inspection = (now + timedelta(days=2)).replace(microsecond=0)
        order.write({"inspection_at": inspection, "repair_end_expected": now - timedelta(days=1)})
        order.invalidate_recordset(["ig_next_due_at", "ig_next_due_display"])
        self.assertEqual(order.ig_next_due_at, inspection)
        self.assertTrue(order.ig_next_due_display.startswith("Inspection: "))
        # an activity due tomorrow comes first
        tomorrow = fields.Date.context_today(order) + timedelta(days=1)
        order.activity_schedule("mail.mail_activity_data_call", date_deadline=tomorrow)
        order.invalidate_recordset(["ig_next_due_at", "ig_next_due_display"])
        if order.ig_next_due_at > inspection:  # pragma: no cover - near midnight
            return
        self.assertTrue(
            order.ig_next_due_display.startswith("Activity: "), order.ig_next_due_display
        )
        self.assertEqual(
            fields.Datetime.context_timestamp(order, order.ig_next_due_at).date(), tomorrow
        )

    def test_release_due_is_next_until_released(self):
        order = self.order
        sent = (fields.Datetime.now() - timedelta(hours=2)).replace(microsecond=0)
        order.estimate_sent_at = sent
        # the release reminder is an activity too; its day ends after the release is due
        order.invalidate_recordset(["ig_next_due_at", "ig_next_due_display"])
        self.assertEqual(order.ig_next_due_at, order.release_due_at)
        self.assertTrue(order.ig_next_due_display.startswith("Release due: "))
        order._soom_release(sent + timedelta(days=3), sent + timedelta(days=6))
        order.invalidate_recordset(["ig_next_due_at", "ig_next_due_display"])
        self.assertEqual(order.ig_next_due_at, sent + timedelta(days=3))
        self.assertTrue(order.ig_next_due_display.startswith("Planned repair start: "))

    # ------------------------------------------------------------------
    # The SOOM state of the card
    # ------------------------------------------------------------------

    def _transmission(self, state, sent_at=None):
        return (
            self.env["soom.transmission"]
            .sudo()
            .create(
                {
                    "order_id": self.order.id,
                    "soom_case_id": CASE_ID,
                    "state": state,
                    "sent_at": sent_at or fields.Datetime.now(),
                }
            )
        )

    def _sync_state(self):
        self.order.invalidate_recordset(["soom_sync_state"])
        return self.order.soom_sync_state

    def test_soom_state_never_sent(self):
        # nothing to send yet
        self.assertEqual(self._sync_state(), "up_to_date")
        self.order.write({"customer_reached": True, "inspection_at": datetime(2026, 3, 4, 13, 0)})
        self.assertEqual(self._sync_state(), "changes_not_sent")
        # an order without a SOOM case has no SOOM state
        other = self._new_order("202019377", customer_reached=True)
        self.assertFalse(other.soom_sync_state)

    def test_soom_state_sent_and_changed_since(self):
        self.order.write({"customer_reached": True, "inspection_at": datetime(2026, 3, 4, 13, 0)})
        transmission = self._transmission("success")
        self.order._soom_mark_sent(self.order._soom_pending_values(), transmission)
        self.assertEqual(self._sync_state(), "up_to_date")
        self.order.inspection_at = datetime(2026, 3, 5, 13, 0)
        self.assertEqual(self._sync_state(), "changes_not_sent")
        # back to the value SOOM holds
        self.order.inspection_at = datetime(2026, 3, 4, 13, 0)
        self.assertEqual(self._sync_state(), "up_to_date")

    def test_soom_state_last_send_failed(self):
        self.order.write({"customer_reached": True})
        self._transmission("success", datetime(2026, 3, 2, 8, 0))
        self._transmission("failed", datetime(2026, 3, 2, 9, 0))
        self.assertEqual(self._sync_state(), "failed")
        # a transmission under way is no result: the failure still counts
        self._transmission("pending", datetime(2026, 3, 2, 10, 0))
        self.assertEqual(self._sync_state(), "failed")
        # a later success of the values clears it
        transmission = self._transmission("success", datetime(2026, 3, 2, 11, 0))
        self.order._soom_mark_sent(self.order._soom_pending_values(), transmission)
        self.assertEqual(self._sync_state(), "up_to_date")
        # a failure, then the changes were sent after all by a later success
        self.order.write({"inspection_at": datetime(2026, 3, 4, 13, 0)})
        self._transmission("failed", datetime(2026, 3, 2, 12, 0))
        self.assertEqual(self._sync_state(), "failed")
        self._transmission("success", datetime(2026, 3, 2, 13, 0))
        self.assertEqual(self._sync_state(), "changes_not_sent")

    def test_soom_state_of_many_orders(self):
        sent = self._new_order("202019378", soom_case_id=CASE_ID + "8", customer_reached=True)
        failed = self._new_order("202019379", soom_case_id=CASE_ID + "9", customer_reached=True)
        self.env["soom.transmission"].sudo().create(
            [
                {"order_id": failed.id, "state": "failed"},
                {"order_id": sent.id, "state": "success"},
            ]
        )
        sent._soom_mark_sent(sent._soom_pending_values(), sent.soom_transmission_ids)
        orders = self.order | sent | failed
        orders.invalidate_recordset(["soom_sync_state"])
        self.assertEqual(orders.mapped("soom_sync_state"), ["up_to_date", "up_to_date", "failed"])
