# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import datetime
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import column_exists

from .common import IgSoomCommonMixin

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def load_script(version, name):
    """A migration script of the addon as a module (its file name has dashes)."""
    path = MIGRATIONS / version / name
    spec = importlib.util.spec_from_file_location(f"ig_soom_dra_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigration300(IgSoomCommonMixin, TransactionCase):
    """Version 18.0.3.0.0: renamed date-times keep their values and history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.pre = load_script("18.0.3.0.0", "pre-model-fields.py")
        cls.post = load_script("18.0.3.0.0", "post-model-fields.py")
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})

    def _order(self, **values):
        return self.env["repair.order"].create(
            {"partner_id": self.customer.id, "broker_id": self.broker_ig.id, **values}
        )

    def _unrename(self, model, old, new):
        """Put a renamed field back as version 2 had it (column, field record, external id)."""
        table = model.replace(".", "_")
        cr = self.env.cr
        cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{new}" TO "{old}"')
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            (old, model, new),
        )
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.fields' AND name = %s",
            (f"field_{table}__{old}", f"field_{table}__{new}"),
        )

    def test_renamed_columns_keep_values_history_and_filters(self):
        sent = datetime(2026, 3, 5, 9, 0)
        start = datetime(2026, 3, 9, 6, 0)
        order = self._order(estimate_sent_at=sent, repair_start_planned=start)
        Fields = self.env["ir.model.fields"]
        field_ids = {
            name: Fields._get("repair.order", name).id
            for name in ("estimate_sent_at", "repair_start_planned")
        }
        # a change in the chatter's history points to the field record
        tracked = self.env["mail.tracking.value"].create(
            {
                "field_id": field_ids["estimate_sent_at"],
                "mail_message_id": order.message_post(body="History").id,
                "new_value_datetime": sent,
            }
        )
        saved = self.env["ir.filters"].create(
            {
                "name": "Estimate sent",
                "model_id": "repair.order",
                "domain": "[('estimate_sent', '!=', False), ('call_time', '=', False)]",
                "sort": '["repair_start desc"]',
            }
        )
        self.env.flush_all()
        renames = self.pre.FIELD_RENAMES["repair.order"]
        for old, new in renames.items():
            self._unrename("repair.order", old, new)
        self.env.invalidate_all()

        self.pre.migrate(self.env.cr, "18.0.2.0.0")

        cr = self.env.cr
        for old, new in renames.items():
            self.assertTrue(column_exists(cr, "repair_order", new), new)
            self.assertFalse(column_exists(cr, "repair_order", old), old)
        self.env.invalidate_all()
        self.assertEqual(order.estimate_sent_at, sent)
        self.assertEqual(order.repair_start_planned, start)
        for name, field_id in field_ids.items():
            self.assertEqual(Fields._get("repair.order", name).id, field_id, name)
            self.assertEqual(
                self.env.ref(f"ig_soom_dra.field_repair_order__{name}").id, field_id, name
            )
        self.assertEqual(tracked.field_id.name, "estimate_sent_at")
        self.assertEqual(
            saved.domain, "[('estimate_sent_at', '!=', False), ('call_time', '=', False)]"
        )
        self.assertEqual(saved.sort, '["repair_start_planned desc"]')
        # run again (an interrupted upgrade): nothing moves
        self.pre.migrate(cr, "18.0.2.0.0")
        self.env.invalidate_all()
        self.assertEqual(order.estimate_sent_at, sent)

    def test_actual_start_of_repairs_under_way(self):
        past = datetime(2026, 3, 9, 6, 0)
        planned = self._order(repair_start_planned=past, workshop_status="ab")
        under_way = self._order(
            repair_start_planned=past, workshop_status="ab", vehicle_received_at=past
        )
        ahead = self._order(
            repair_start_planned=datetime(2099, 1, 4, 6, 0), vehicle_received_at=past
        )
        # version 2 counted a released order with the car here and a start as in repair
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE repair_order SET processing_stage = 'in_repair' WHERE id IN %s",
            [(under_way.id, ahead.id)],
        )
        self.env.invalidate_all()

        self.post.migrate(self.env.cr, "18.0.2.0.0")

        self.env.invalidate_all()
        self.assertFalse(planned.repair_start_at)
        self.assertEqual(planned.processing_stage, "released")
        self.assertEqual(under_way.repair_start_at, past)
        self.assertEqual(under_way.processing_stage, "in_repair")
        self.assertFalse(ahead.repair_start_at)
        self.assertEqual(ahead.processing_stage, "vehicle_received")

    def test_release_reminders_get_their_activity_type(self):
        """Version 2's reminders (to-dos kept in release_activity_id) get the type "Repair
        Release Due", so that the order finds them again."""
        migration = load_script("18.0.3.0.0", "post-migrate-activity.py")
        order = self._order()
        other = self._order()
        todo = "mail.mail_activity_data_todo"
        reminder = order.activity_schedule(todo, summary="Repair release due")
        unrelated = other.activity_schedule(todo, summary="Call the insurer")
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE repair_order ADD COLUMN IF NOT EXISTS release_activity_id integer")
        cr.execute(
            "UPDATE repair_order SET release_activity_id = %s WHERE id = %s",
            [reminder.id, order.id],
        )

        migration.migrate(cr, "18.0.2.0.0")

        release_due = self.env.ref("ig_soom_dra.mail_activity_type_release_due")
        self.assertEqual(reminder.activity_type_id, release_due)
        self.assertEqual(unrelated.activity_type_id, self.env.ref(todo))
        # the order's release now moves and closes that very reminder
        order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        self.assertEqual(order.activity_ids, reminder)
        self.assertEqual(str(reminder.date_deadline), "2026-03-06")
        # run again (an interrupted upgrade): nothing to do
        migration.migrate(cr, "18.0.2.0.0")

    def test_the_stored_display_of_sent_values_goes(self):
        migration = load_script("18.0.3.0.0", "post-migrate-sent-value.py")
        cr = self.env.cr
        cr.execute("ALTER TABLE soom_milestone_sent ADD COLUMN IF NOT EXISTS value_display varchar")
        migration.migrate(cr, "18.0.2.0.0")
        self.assertFalse(column_exists(cr, "soom_milestone_sent", "value_display"))
        migration.migrate(cr, "18.0.2.0.0")

    def test_first_registration_moves_to_fleet_registration_date(self):
        model = self.env["fleet.vehicle.model"].search([], limit=1)
        Vehicle = self.env["fleet.vehicle"]
        recorded = Vehicle.create({"model_id": model.id, "vin_sn": "WDD1173421N456789"})
        unrecorded = Vehicle.create({"model_id": model.id, "acquisition_date": "2020-01-31"})
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE fleet_vehicle ADD COLUMN first_registration_date date")
        cr.execute(
            "UPDATE fleet_vehicle SET first_registration_date = '2016-05-12' WHERE id = %s",
            [recorded.id],
        )

        self.pre.move_first_registration(cr)

        self.env.invalidate_all()
        self.assertEqual(str(recorded.acquisition_date), "2016-05-12")
        self.assertEqual(str(unrecorded.acquisition_date), "2020-01-31")


@tagged("post_install", "-at_install")
class TestMigration400(IgSoomCommonMixin, TransactionCase):
    """Version 18.0.4.0.0: broker orders without their DRA file move to "DRA File Missing"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.post = load_script("18.0.4.0.0", "post-migrate-processing-stage.py")

    def test_stored_stage_is_computed_again(self):
        Order = self.env["repair.order"]
        without_file = Order.create(
            {"broker_id": self.broker_ig.id, "broker_order_ref": "202019501"}
        )
        with_file = Order.create(
            {
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "202019502",
                "dra_filename": "KSR202019502.xml",
            }
        )
        reached = Order.create(
            {
                "broker_id": self.broker_ig.id,
                "broker_order_ref": "202019503",
                "customer_reached": True,
            }
        )
        plain = Order.create({})
        orders = without_file | with_file | reached | plain
        self.env.flush_all()
        # as version 3 stored them: "new" for every order without a milestone
        self.env.cr.execute(
            "UPDATE repair_order SET processing_stage = 'new' WHERE id IN %s",
            [tuple(orders.ids)],
        )
        self.env.cr.execute(
            "UPDATE repair_order SET processing_stage = 'customer_reached' WHERE id = %s",
            [reached.id],
        )
        orders.invalidate_recordset(["processing_stage"])
        self.assertEqual(without_file.processing_stage, "new")
        self.post.migrate(self.env.cr, "18.0.3.0.0")
        self.env.invalidate_all()
        self.env.cr.execute(
            "SELECT id, processing_stage FROM repair_order WHERE id IN %s", [tuple(orders.ids)]
        )
        stored = dict(self.env.cr.fetchall())
        self.assertEqual(
            stored,
            {
                without_file.id: "dra_missing",
                with_file.id: "new",
                reached.id: "customer_reached",
                plain.id: "new",
            },
        )
