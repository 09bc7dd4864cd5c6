# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import order_documents, sample_bytes

FILE_NAME = "KSR202019362.xml"


@tagged("post_install", "-at_install")
class TestDraImportTour(HttpCase):
    def test_takeover_in_the_browser(self):
        Partner = self.env["res.partner"]
        # Contacts the workshop has: the customer with another house number
        # (orange), and the others identical (green).
        customer = Partner.create(
            {"name": "Michaela Musterkunde", "street": "Musterstraße 45", "zip": "20095"}
        )
        Partner.create(
            {
                "name": "Innovation Group AG",
                "is_company": True,
                "street": "Rotebühlstraße 121",
                "zip": "70178",
            }
        )
        Partner.create(
            {
                "name": "Test Versicherung",
                "is_company": True,
                "street": "Teststr. 1",
                "zip": "70178",
            }
        )
        Partner.search(
            [("name", "=", "Michaela Musterkunde"), ("id", "!=", customer.id)]
        ).active = False
        self.env["ir.attachment"].create(
            {"name": f"ig_soom_dra_tour_{FILE_NAME}", "raw": sample_bytes(FILE_NAME)}
        )
        self.env.ref("base.user_admin").groups_id |= self.env.ref(
            "ig_soom_dra.group_ig_soom_manager"
        )
        self.start_tour("/odoo", "ig_soom_dra_import_tour", login="admin", timeout=180)
        order = self.env["repair.order"].search([("broker_order_ref", "=", "202019362")])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, customer)
        self.assertEqual(order.keeper_partner_id, customer)
        self.assertEqual(order.workshop_status, "kv")
        self.assertFalse(order.vehicle_id)
        self.assertEqual(order.vehicle_plate, "S-IG 123")
        documents = order_documents(order)
        self.assertEqual(len(documents), 2)
