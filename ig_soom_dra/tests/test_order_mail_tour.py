# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import order_documents, sample_bytes
from .test_order_mail import IG_SENDER, order_mail

FILE_NAME = "KSR202019362.xml"


@tagged("post_install", "-at_install")
class TestOrderMailTour(HttpCase):
    def test_draft_of_the_order_mail_takes_its_file_in_the_browser(self):
        domain = self.env["mail.alias.domain"].create({"name": "werkstatt.example"})
        self.env.company.alias_domain_id = domain
        self.env.ref("ig_soom_dra.broker_innovation_group").write(
            {
                "alias_name": "ig-auftrag",
                "alias_domain_id": domain.id,
                "order_mail_company_id": self.env.company.id,
                "order_mail_sender_addresses": IG_SENDER,
            }
        )
        self.env["mail.thread"].message_process(
            False, order_mail(to="ig-auftrag@werkstatt.example")
        )
        Order = self.env["repair.order"]
        draft = Order.search([("broker_order_ref", "=", "202019362")])
        self.assertEqual(draft.processing_stage, "dra_missing")
        self.env["ir.attachment"].create(
            {
                "name": "ig_soom_dra_tour_order_mail_file",
                "description": FILE_NAME,
                "raw": sample_bytes(FILE_NAME),
                # the workshop user's browser downloads it
                "public": True,
            }
        )
        new_test_user(
            self.env,
            login="ig_tour_workshop",
            groups="ig_soom_dra.group_ig_soom_user",
            tz="Europe/Berlin",
        )
        self.start_tour("/odoo", "ig_soom_dra_order_mail_tour", login="ig_tour_workshop")
        self.assertEqual(Order.search([("broker_order_ref", "=", "202019362")]), draft)
        self.assertEqual(draft.dra_filename, FILE_NAME)
        self.assertTrue(draft.partner_id)
        self.assertEqual(draft.workshop_status, "kv")
        self.assertNotEqual(draft.processing_stage, "dra_missing")
        names = order_documents(draft).mapped("name")
        self.assertIn("Auftrag_202019362.pdf", names)
        self.assertGreater(len(names), 1)
