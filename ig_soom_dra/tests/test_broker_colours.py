# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.dra_broker import readable_text_color
from .common import IgSoomCommonMixin


@tagged("post_install", "-at_install")
class TestBrokerColours(IgSoomCommonMixin, TransactionCase):
    """The broker's colour and label, set on the broker, show on its orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.id,
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": "202019374",
                "vehicle_plate": "M-ZZ 44",
            }
        )

    def test_readable_text_colour(self):
        self.assertEqual(readable_text_color("#00508C"), "#FFFFFF")
        self.assertEqual(readable_text_color("#000000"), "#FFFFFF")
        self.assertEqual(readable_text_color("#FFFFFF"), "#000000")
        self.assertEqual(readable_text_color("#ffd700"), "#000000")
        self.assertEqual(readable_text_color("#E30613"), "#FFFFFF")
        self.assertEqual(readable_text_color(False), "#FFFFFF")

    def test_order_shows_the_broker_colour_and_label(self):
        self.assertEqual(self.order.broker_color, "#00508C")
        self.assertEqual(self.order.broker_text_color, "#FFFFFF")
        self.assertEqual(self.order.broker_short_label, "IG")
        self.broker_ig.write({"color": "#FFD700", "short_label": "IGX"})
        self.assertEqual(self.order.broker_color, "#FFD700")
        self.assertEqual(self.order.broker_text_color, "#000000")
        self.assertEqual(self.order.broker_short_label, "IGX")

    def test_other_broker_other_colour(self):
        dms = self.env["dra.broker"].create(
            {"name": "DMS", "code": "DMS", "short_label": "DMS", "color": "#2E7D32"}
        )
        self.order.broker_id = dms
        self.assertEqual(self.order.broker_color, "#2E7D32")
        self.assertEqual(self.order.broker_short_label, "DMS")

    def test_colour_must_be_hex(self):
        with self.assertRaises(ValidationError):
            self.broker_ig.color = "blue"

    def _arch(self, view_type, action_xmlid="ig_soom_dra.repair_order_action_broker"):
        action = self.env.ref(action_xmlid)
        views = {mode: view_id for view_id, mode in action.sudo()._get_action_dict()["views"]}
        result = self.env["repair.order"].get_views([(views[view_type], view_type)])
        return etree.fromstring(result["views"][view_type]["arch"])

    def test_views_use_the_broker_widgets(self):
        self.assertTrue(
            self._arch("list").xpath("//field[@name='broker_id'][@widget='broker_badge']")
        )
        kanban = self._arch("kanban")
        self.assertEqual(kanban.get("default_group_by"), "processing_stage")
        self.assertTrue(kanban.xpath("//field[@name='broker_id'][@widget='broker_badge']"))
        for field in ("vehicle_plate", "partner_id", "vehicle_make", "vehicle_model"):
            self.assertTrue(kanban.xpath(f"//field[@name='{field}']"), field)
        form = self._arch("form")
        self.assertTrue(form.xpath("//field[@name='broker_id'][@widget='broker_band']"))
