# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..core.stages import STAGE_KEYS
from .common import IgSoomCommonMixin

#: The buttons of the addon that the order's header keeps: the daily ones.
DAILY_BUTTONS = {"action_soom_appointment", "action_soom_release", "action_soom_send"}
#: The buttons of a broker order without its DRA file (the draft of an order e-mail).
DRAFT_BUTTONS = {"action_ig_fetch_dra", "action_ig_upload_dra"}
#: The rare actions, moved to the order's action menu (the cog).
RARE_ACTIONS = {
    "ig_soom_dra.repair_order_action_open_soom_portal": "action_soom_open_portal",
    "ig_soom_dra.repair_order_action_print_service_agreement": (
        "action_ig_print_service_agreement"
    ),
    "ig_soom_dra.repair_order_action_send_parts_form": "action_ig_send_parts_form",
}


@tagged("post_install", "-at_install")
class TestOrderViews(IgSoomCommonMixin, TransactionCase):
    """Issue 9, A.7: the order's form, list and kanban, its calendar event,
    the settings menu and the demo user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Gertrud Müller", "email": "gertrud@example.com"}
        )
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.id,
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": "202019374",
                "soom_case_id": "1a941996-cc76-438c-8692-1f96eb89668d",
                "workshop_status": "kv",
                "vehicle_plate": "M-ZZ 44",
                "user_id": cls.user_manager.id,
            }
        )

    def _arch(self, view_type, view_xmlid=None, user=None):
        Order = self.env["repair.order"].with_user(user or self.env.user)
        view_id = self.env.ref(view_xmlid).id if view_xmlid else None
        return etree.fromstring(Order.get_view(view_id, view_type)["arch"])

    # ------------------------------------------------------------------
    # Form
    # ------------------------------------------------------------------

    def test_header_keeps_the_daily_buttons_and_the_rare_ones_are_in_the_action_menu(self):
        form = self._arch("form", user=self.user_workshop)
        addon_buttons = {
            button.get("name")
            for button in form.xpath("//header/button")
            if button.get("name", "").startswith(("action_soom", "action_ig"))
            or button.get("name") == "action_create_vehicle"
        }
        self.assertEqual(addon_buttons, DAILY_BUTTONS | DRAFT_BUTTONS)
        self.assertEqual(len(form.xpath("//header/field[@widget='statusbar']")), 1)
        # the rare actions: the action menu of the order form, for workshop users
        workshop_group = self.env.ref("ig_soom_dra.group_ig_soom_user")
        for xmlid, method in RARE_ACTIONS.items():
            action = self.env.ref(xmlid)
            self.assertEqual(action.binding_model_id.model, "repair.order")
            self.assertEqual(action.binding_view_types, "form")
            self.assertEqual(action.groups_id, workshop_group)
            self.assertIn(f"record.{method}()", action.code)
        bound = self.env["ir.actions.actions"].with_user(self.user_workshop)
        bound = bound.get_bindings("repair.order")["action"]
        self.assertTrue(
            {self.env.ref(xmlid).id for xmlid in RARE_ACTIONS} <= {a["id"] for a in bound}
        )

    def test_action_menu_opens_the_portal(self):
        self._ig_connection(base_url="https://soom.example.com", username="u", password="p")
        action = (
            self.env.ref("ig_soom_dra.repair_order_action_open_soom_portal")
            .with_context(active_model="repair.order", active_id=self.order.id)
            .run()
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(self.order.soom_case_id, action["url"])

    def test_plate_and_vehicle_creation_are_on_the_main_form(self):
        form = self._arch("form")
        sheet_fields = form.xpath("//sheet//field[not(ancestor::notebook)]/@name")
        self.assertIn("vehicle_plate", sheet_fields)
        self.assertIn("vehicle_id", sheet_fields)
        (create_vehicle,) = form.xpath("//button[@name='action_create_vehicle']")
        self.assertFalse(create_vehicle.xpath("ancestor::header"))
        self.assertTrue(create_vehicle.xpath("ancestor::div[@name='vehicle']"))

    def test_workshop_status_is_a_labelled_badge_in_the_band_not_a_second_status_bar(self):
        form = self._arch("form")
        self.assertEqual(len(form.xpath("//field[@widget='statusbar']")), 1)
        (band,) = form.xpath("//div[hasclass('o_ig_broker_band')]/field")
        self.assertEqual(band.get("widget"), "broker_band")
        self.assertFalse(form.xpath("//field[@name='workshop_status'][@widget='statusbar']"))

    # ------------------------------------------------------------------
    # List and kanban
    # ------------------------------------------------------------------

    def _broker_action_view(self, view_type):
        action = self.env.ref("ig_soom_dra.repair_order_action_broker")
        view_ids = {mode: view_id for view_id, mode in action.views}
        return view_ids[view_type]

    def test_list_shows_plate_customer_status_and_next_date(self):
        view_id = self._broker_action_view("list")
        single_company_user = new_test_user(
            self.env, login="ig_single_company", groups="ig_soom_dra.group_ig_soom_user"
        )
        Order = self.env["repair.order"].with_user(single_company_user)
        arch = etree.fromstring(Order.get_view(view_id, "list")["arch"])
        shown = [
            column.get("name")
            for column in arch.xpath("/list/field")
            if column.get("optional") != "hide" and not column.get("column_invisible")
        ]
        for name in ("vehicle_plate", "partner_id", "workshop_status", "ig_next_due_display"):
            self.assertIn(name, shown)
        for name in ("sale_order_id", "product_id", "company_id"):
            self.assertNotIn(name, shown)
        self.assertEqual(
            arch.xpath("/list/header/button/@name"),
            [
                str(self.env.ref("ig_soom_dra.dra_import_wizard_action").id),
                str(self.env.ref("ig_soom_dra.soom_fetch_action").id),
            ],
        )
        # the company shows in a multi-company database
        multi_company = self.env.ref("base.group_multi_company")
        single_company_user.groups_id |= multi_company
        arch = etree.fromstring(Order.get_view(view_id, "list")["arch"])
        self.assertTrue(arch.xpath("/list/field[@name='company_id']"))
        # the next date the column shows
        self.order.inspection_at = datetime.now() + timedelta(days=2)
        self.assertTrue(self.order.ig_next_due_display)

    def test_kanban_keeps_the_import_and_soom_buttons(self):
        arch = etree.fromstring(
            self.env["repair.order"].get_view(self._broker_action_view("kanban"), "kanban")["arch"]
        )
        buttons = arch.xpath("/kanban/header/button")
        self.assertEqual(
            [button.get("name") for button in buttons],
            [
                str(self.env.ref("ig_soom_dra.dra_import_wizard_action").id),
                str(self.env.ref("ig_soom_dra.soom_fetch_action").id),
            ],
        )
        # shown without a selection, as kanban views need
        self.assertEqual({button.get("display") for button in buttons}, {"always"})

    def test_kanban_folds_the_empty_late_columns(self):
        domain = [("id", "in", self.order.ids)]

        def columns():
            result = self.env["repair.order"].web_read_group(
                domain, ["processing_stage"], ["processing_stage"]
            )
            return {
                group["processing_stage"]: group.get("__fold", False) for group in result["groups"]
            }

        folded = columns()
        self.assertEqual(list(folded), STAGE_KEYS, "every stage is a column")
        self.assertEqual(
            {stage for stage, fold in folded.items() if fold},
            {"repaired", "handed_back", "invoiced"},
        )
        # a late column with a card is open
        self.order.workshop_status = "re"
        folded = columns()
        self.assertFalse(folded["invoiced"])
        self.assertEqual(
            {stage for stage, fold in folded.items() if fold}, {"repaired", "handed_back"}
        )
        # an early column is open even when empty
        self.assertFalse(folded["customer_reached"])

    # ------------------------------------------------------------------
    # Inspection appointment in the calendar
    # ------------------------------------------------------------------

    def _appointment(self, inspection_at):
        form = Form(
            self.env["soom.appointment.wizard"]
            .with_user(self.user_workshop)
            .with_context(default_order_id=self.order.id)
        )
        form.customer_reached = "yes"
        form.inspection_at = inspection_at
        form.vehicle_arrival = "customer_brings"
        form.save().action_confirm()

    def test_the_inspection_is_a_calendar_event_with_the_customer(self):
        mails_before = self.env["mail.mail"].search_count([])
        self._appointment(datetime(2026, 12, 4, 13, 0))
        event = self.order.inspection_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, datetime(2026, 12, 4, 13, 0))
        self.assertGreater(event.stop, event.start)
        self.assertIn(self.customer, event.partner_ids)
        self.assertIn(self.customer, event.attendee_ids.partner_id)
        # the order's responsible is the organiser and attends too
        self.assertEqual(event.user_id, self.user_manager)
        self.assertIn(self.user_manager.partner_id, event.partner_ids)
        self.assertEqual((event.res_model, event.res_id), ("repair.order", self.order.id))
        self.assertIn(self.order.name, event.name)
        self.assertIn("M-ZZ 44", event.name)
        # nothing leaves the workshop on its own: no invitation is e-mailed
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        # a new appointment moves the same event
        self._appointment(datetime(2026, 12, 7, 8, 30))
        self.assertEqual(self.order.inspection_event_id, event)
        self.assertEqual(event.start, datetime(2026, 12, 7, 8, 30))
        self.assertEqual(
            self.env["calendar.event"].search_count(
                [("res_model", "=", "repair.order"), ("res_id", "=", self.order.id)]
            ),
            1,
        )
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        # the order links to it
        status = self._arch("form")
        self.assertTrue(
            status.xpath(
                "//page[@name='soom_processing_status']//field[@name='inspection_event_id']"
            )
        )

    def test_a_deleted_event_is_made_again(self):
        self._appointment(datetime(2026, 12, 4, 13, 0))
        self.order.inspection_event_id.unlink()
        self.assertFalse(self.order.inspection_event_id)
        self._appointment(datetime(2026, 12, 5, 9, 0))
        self.assertEqual(self.order.inspection_event_id.start, datetime(2026, 12, 5, 9, 0))

    # ------------------------------------------------------------------
    # Settings menu and demo user
    # ------------------------------------------------------------------

    def test_settings_sit_under_repairs_configuration(self):
        config = self.env.ref("repair.repair_menu_config")
        for xmlid in ("ig_soom_dra.menu_ig_soom_brokers", "ig_soom_dra.menu_ig_soom_connections"):
            self.assertEqual(self.env.ref(xmlid).parent_id, config)
        # the addon's administrator reaches the brokers there, without being an
        # inventory administrator
        manager = self.user_manager
        self.assertFalse(manager.has_group("stock.group_stock_manager"))
        visible = self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids()
        self.assertIn(config.id, visible)
        self.assertIn(self.env.ref("ig_soom_dra.menu_ig_soom_brokers").id, visible)
        self.assertNotIn(self.env.ref("ig_soom_dra.menu_ig_soom_connections").id, visible)
        workshop_visible = self.env["ir.ui.menu"].with_user(self.user_workshop)
        self.assertNotIn(config.id, workshop_visible._visible_menu_ids())

    def test_demo_user_works_the_orders(self):
        demo = self.env.ref("base.user_demo")
        self.assertTrue(demo.has_group("ig_soom_dra.group_ig_soom_user"))
        visible = self.env["ir.ui.menu"].with_user(demo)._visible_menu_ids()
        self.assertIn(self.env.ref("ig_soom_dra.menu_ig_soom_orders").id, visible)
