# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import html

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import IgSoomCommonMixin

REPORT = "ig_soom_dra.action_report_parts_form"
PARTS_SERVICE = "teileservice@innovation-group.example"


def quantity(text):
    """The number at the start of a quantity cell ("6,00 Units" or "6.00")."""
    return float(text.split()[0].replace(",", "."))


@tagged("post_install", "-at_install")
class TestPartsForm(IgSoomCommonMixin, TransactionCase):
    """The parts order form ("Beistellfax für OE-Teile") and its e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Gertrud Müller",
                "ref": "K-4711",
                "street": "Schillingstraße 122",
                "zip": "80335",
                "city": "München",
                "phone": "089 1234567",
                "email": "gertrud.mueller@example.com",
            }
        )
        Product = cls.env["product.product"]
        cls.bumper = Product.create(
            {"name": "Stoßfänger vorn", "default_code": "A1178850025", "is_storable": True}
        )
        cls.clip = Product.create({"name": "Halteclip", "default_code": "A0009916340"})
        cls.old_part = Product.create({"name": "Altteil", "default_code": "OLD-1"})
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.customer.id,
                "broker_id": cls.broker_ig.id,
                "broker_order_ref": "202019374",
                "vehicle_plate": "M-ZZ 44",
                "vehicle_vin": "WDD1173421N456789",
                "vehicle_make": "Mercedes-Benz",
                "vehicle_model": "CLA",
            }
        )
        Move = cls.env["stock.move"]
        for product, quantity, line_type in (
            (cls.bumper, 1, "add"),
            (cls.clip, 6, "add"),
            (cls.old_part, 1, "remove"),
        ):
            Move.create(
                {
                    "repair_id": cls.order.id,
                    "repair_line_type": line_type,
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "company_id": cls.env.company.id,
                }
            )

    def _render(self, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        content, _report_type = Report._render_qweb_html(REPORT, self.order.ids)
        return html.fromstring(content)

    def test_positions_and_part_numbers(self):
        document = self._render()
        rows = document.xpath("//tr[hasclass('o_ig_part')]")
        self.assertEqual(len(rows), 2)
        cells = [[cell.text_content().strip() for cell in row.xpath("./td")] for row in rows]
        self.assertEqual(cells[0][0], "1")
        self.assertEqual(quantity(cells[0][1]), 1)
        self.assertEqual(cells[0][2], "Stoßfänger vorn")
        self.assertEqual(cells[0][3], "A1178850025")
        self.assertEqual(cells[1][0], "2")
        self.assertEqual(quantity(cells[1][1]), 6)
        self.assertEqual(cells[1][3], "A0009916340")
        self.assertNotIn("OLD-1", document.text_content())

    def test_customer_and_order_data(self):
        document = self._render()

        def cell(css_class):
            return document.xpath(f"//td[hasclass('{css_class}')]")[0].text_content().strip()

        self.assertEqual(cell("o_ig_customer_no"), "K-4711")
        self.assertEqual(cell("o_ig_customer_name"), "Gertrud Müller")
        self.assertIn("Schillingstraße 122", cell("o_ig_customer_address"))
        self.assertIn("80335 München", cell("o_ig_customer_address"))
        self.assertEqual(cell("o_ig_customer_phone"), "089 1234567")
        self.assertEqual(cell("o_ig_customer_email"), "gertrud.mueller@example.com")
        self.assertEqual(cell("o_ig_broker_order_ref"), "202019374")
        self.assertEqual(cell("o_ig_plate"), "M-ZZ 44")
        self.assertEqual(cell("o_ig_vin"), "WDD1173421N456789")
        self.assertIn(self.env.company.name, document.text_content())

    def _customer_numbers(self, document):
        return [
            cell.text_content().strip()
            for cell in document.xpath("//*[hasclass('o_ig_customer_no')]")
        ]

    def test_customer_number_is_a_real_number_never_the_database_id(self):
        self._ig_connection(customer_number=False)
        self.assertEqual(self._customer_numbers(self._render()), ["K-4711"])
        # the workshop's customer number with the broker wins when the connection has one
        self._ig_connection(customer_number=" IG-WS-0815 ")
        self.assertEqual(self._customer_numbers(self._render()), ["IG-WS-0815"])
        # neither: no number at all, and never the contact's id
        self._ig_connection(customer_number=False)
        self.customer.ref = False
        document = self._render()
        self.assertEqual(self._customer_numbers(document), [])
        self.assertNotIn(
            str(self.customer.id), [cell.text_content().strip() for cell in document.xpath("//td")]
        )

    def test_sender_and_recipient_block_like_a_letter(self):
        self.env.company.partner_id.write(
            {"street": "Werkstattweg 7", "zip": "70173", "city": "Stuttgart"}
        )
        self.broker_ig.partner_id = self.env["res.partner"].create(
            {
                "name": "Innovation Group AG",
                "street": "Rotebühlstraße 121",
                "zip": "70178",
                "city": "Stuttgart",
            }
        )
        self._ig_connection(parts_service_email=PARTS_SERVICE)
        document = self._render()
        (sender,) = document.xpath(
            "//div[@name='information_block']//div[hasclass('o_ig_parts_sender')]"
        )
        (recipient,) = document.xpath(
            "//div[@name='address']//div[hasclass('o_ig_parts_recipient')]"
        )
        self.assertIn(self.env.company.name, sender.text_content())
        self.assertIn("Werkstattweg 7", sender.text_content())
        self.assertIn("70173", sender.text_content())
        self.assertIn("Innovation Group AG", recipient.text_content())
        self.assertIn("Rotebühlstraße 121", recipient.text_content())
        self.assertIn(PARTS_SERVICE, recipient.text_content())
        self.assertNotIn("Werkstattweg", recipient.text_content())

    def test_send_needs_the_parts_service_address(self):
        self._ig_connection(parts_service_email=False)
        with self.assertRaises(UserError):
            self.order.action_ig_send_parts_form()

    def test_send_opens_the_composer_for_the_parts_service(self):
        self._ig_connection(parts_service_email=PARTS_SERVICE)
        action = self.order.with_user(self.user_workshop).action_ig_send_parts_form()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(
            action["context"]["default_template_id"],
            self.env.ref("ig_soom_dra.mail_template_parts_form").id,
        )
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.user_workshop)
            .with_context(**action["context"])
        )
        self.assertEqual(composer.partner_ids[:].mapped("email"), [PARTS_SERVICE])
        self.assertIn("202019374", composer.subject)
        self.assertEqual(len(composer.attachment_ids), 1)
        self.assertIn("Beistellfax", composer.attachment_ids[0].name)

    def test_workshop_user_prints_and_portal_user_cannot(self):
        document = self._render(user=self.user_workshop)
        self.assertEqual(len(document.xpath("//tr[hasclass('o_ig_part')]")), 2)
        portal = new_test_user(self.env, login="ig_portal_parts", groups="base.group_portal")
        with self.assertRaises(QWebException) as caught:
            self._render(user=portal)
        self.assertIsInstance(caught.exception.__cause__, AccessError)
