# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
from pathlib import Path

from odoo.tests import HttpCase, tagged

from .common import SAMPLE_DIR, order_documents, sample_bytes

FILE_NAME = "KSR202019362.xml"
#: The shared example files of the DRA layout, beside the repository: the test
#: command names them (it runs a copy of the addon), else beside this checkout.
SHARED_EXAMPLES = Path(
    os.environ.get("IG_TEST_DRA_EXAMPLES")
    or Path(__file__).resolve().parents[3] / "shared" / "dra" / "examples"
)


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
        # "Kontakt aktualisieren": the file's house number went onto the contact
        self.assertEqual(customer.street, "Musterstraße 456")
        self.assertEqual(order.keeper_partner_id, customer)
        self.assertEqual(order.workshop_status, "kv")
        self.assertFalse(order.vehicle_id)
        self.assertEqual(order.vehicle_plate, "S-IG 123")
        documents = order_documents(order)
        self.assertEqual(len(documents), 2)

    def test_many_documents_and_photo_zoom_in_the_browser(self):
        name = "KSR202019900.xml"
        self.env["ir.attachment"].create(
            {"name": f"ig_soom_dra_tour_{name}", "raw": sample_bytes(name)}
        )
        self.env.ref("base.user_admin").groups_id |= self.env.ref("ig_soom_dra.group_ig_soom_user")
        self.start_tour("/odoo", "ig_soom_dra_import_viewer_tour", login="admin", timeout=180)

    def _duplicate_contacts(self):
        """Groups of active contacts sharing name and postcode."""
        groups = self.env["res.partner"]._read_group([], ["name", "zip"], ["__count"])
        return sorted((name, zip_code) for name, zip_code, count in groups if count > 1)

    def test_every_file_goes_through_in_the_browser(self):
        """The project's samples and the shared examples, each in the web client.

        A sample and a shared example with the same order number make the
        second one a re-import: it updates the order, creating no second
        order and no duplicate contact.
        """
        files = sorted(SAMPLE_DIR.glob("KSR*.xml"))
        if SHARED_EXAMPLES.is_dir():
            files += sorted(SHARED_EXAMPLES.glob("*.xml"))
        self.assertGreaterEqual(len(files), 4)
        self.env.ref("base.user_admin").groups_id |= self.env.ref("ig_soom_dra.group_ig_soom_user")
        duplicates_before = self._duplicate_contacts()
        Attachment = self.env["ir.attachment"]
        for path in files:
            with self.subTest(file=path.name):
                Attachment.search([("name", "=", "ig_soom_dra_tour_file")]).unlink()
                Attachment.create(
                    {
                        "name": "ig_soom_dra_tour_file",
                        "description": path.name,
                        "raw": path.read_bytes(),
                    }
                )
                self.start_tour("/odoo", "ig_soom_dra_import_any_tour", login="admin", timeout=180)
                number = path.read_text(encoding="latin-1").split("<AuftragsNr>")[1].split("<")[0]
                order = self.env["repair.order"].search([("broker_order_ref", "=", number)])
                self.assertEqual(len(order), 1, path.name)
                self.assertTrue(order.partner_id, path.name)
                self.assertEqual(order.dra_filename, path.name)
        self.assertEqual(self._duplicate_contacts(), duplicates_before)
