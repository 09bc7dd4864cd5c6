# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .queue_common import bad_files, dra_file, party, zip_of

PREFIX = "ig_soom_dra_queue_tour_"


@tagged("post_install", "-at_install")
class TestDraImportQueueTour(HttpCase):
    def _new_customer(self, name, street, zip_code):
        return party(
            "Kunde", name, first_name="Ruth", street=street, house_number="1", zip=zip_code
        )

    def test_many_files_in_the_browser(self):
        self.env["res.partner"].create(
            {"name": "Ruth Sommerfeldt", "street": "Kastanienweg 4", "zip": "04109"}
        )
        files = {
            "KSR_a.xml": dra_file("99001", self._new_customer("Abendroth", "Ulmenweg", "24103")),
            "KSR_b.xml": dra_file("99002", self._new_customer("Brennecke", "Eibenhang", "39104")),
            "KSR_similar.xml": dra_file(
                "99004", self._new_customer("Sommerfeldt", "Rosengasse", "04109")
            ),
        }
        zip_members = [
            (
                "KSR_zip_a.xml",
                dra_file("99005", self._new_customer("Crusius", "Lärchenweg", "99084")),
            ),
            (
                "KSR_zip_b.xml",
                dra_file("99006", self._new_customer("Dannhauer", "Mohnfeld", "06108")),
            ),
            bad_files(files["KSR_a.xml"])[0],
            ("photo.jpg", b"\xff\xd8\xff\xe0"),
        ]
        files["orders.zip"] = zip_of(zip_members)
        for name, data in files.items():
            self.env["ir.attachment"].create({"name": f"{PREFIX}{name}", "raw": data})
        self.env.ref("base.user_admin").groups_id |= self.env.ref("ig_soom_dra.group_ig_soom_user")
        self.start_tour("/odoo", "ig_soom_dra_import_queue_tour", login="admin", timeout=180)

        queue = self.env["dra.import.queue"].search([], limit=1)
        states = {line.name: line.state for line in queue.line_ids}
        self.assertEqual(
            states,
            {
                "KSR_a.xml": "done",
                "KSR_b.xml": "done",
                "KSR_similar.xml": "assistant",
                "KSR_zip_a.xml": "done",
                "KSR_zip_b.xml": "done",
                "KSR_dtd.xml": "refused",
                "photo.jpg": "refused",
            },
        )
        orders = self.env["repair.order"].search(
            [("broker_order_ref", "in", ["99001", "99002", "99004", "99005", "99006"])]
        )
        self.assertEqual(
            sorted(orders.mapped("broker_order_ref")), ["99001", "99002", "99005", "99006"]
        )
        wizard = self.env["dra.import.wizard"].search(
            [("queue_line_id.name", "=", "KSR_similar.xml")]
        )
        self.assertTrue(wizard.loaded)
