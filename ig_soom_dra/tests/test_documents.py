# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import pypdfium2
import zxingcpp
from lxml import etree
from pypdf import PdfReader

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..core.pdf import barcode_payload, parse_payload
from .common import IgSoomCommonMixin, order_documents, sample_bytes

FILE_374 = "KSR202019374.xml"


def page_count(data):
    """Number of pages of the PDF ``data``."""
    return len(PdfReader(io.BytesIO(data)).pages)


def decode_page(data, index):
    """Texts of the Code 128 barcodes on page ``index`` of the PDF ``data``."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[index].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    return [
        result.text
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    ]


def page_text(data, index):
    """The text of page ``index`` of the PDF ``data``."""
    return PdfReader(io.BytesIO(data)).pages[index].extract_text()


@tagged("post_install", "-at_install")
class TestDocumentsWithBarcode(IgSoomCommonMixin, TransactionCase):
    """The order's documents, each followed by a page with the order's barcode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()

    def setUp(self):
        super().setUp()
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="addresses").action_goto_step()
        for _step in range(3):
            wizard.action_next()
        self.order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.documents = order_documents(self.order)

    def _print_form(self, user=None):
        env = self.env(user=user) if user else self.env
        context = {"active_model": "repair.order", "active_id": self.order.id}
        return Form(env["dra.document.print"].with_context(**context))

    def _document(self, document_type):
        return self.documents.filtered(lambda doc: doc.dra_document_type == document_type)

    def test_pdfs_are_ticked_and_images_are_not(self):
        form = self._print_form()
        wizard = form.save()
        self.assertEqual(wizard.order_id, self.order)
        self.assertEqual(len(wizard.line_ids), 3)
        ticked = wizard.line_ids.filtered("selected")
        self.assertEqual(set(ticked.mapped("kind")), {"pdf"})
        self.assertEqual(
            set(ticked.mapped("document_type")), {"Leistungsvereinbarung", "Checkliste"}
        )
        image = wizard.line_ids - ticked
        self.assertEqual(image.kind, "image")
        self.assertEqual(image.name, "motorraum.png")

    def test_one_barcode_page_after_each_document(self):
        form = self._print_form()
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.selected = True
        wizard = form.save()
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/dra.document.print/{wizard.id}/pdf_file/", action["url"])
        result = base64.b64decode(wizard.pdf_file)
        position = 0
        for line in wizard.line_ids.sorted(lambda line: (line.sequence, line.id)):
            data = line.attachment_id.raw
            pages = page_count(data) if line.kind == "pdf" else 1
            position += pages
            # the order reference, the document's type code and its pages
            self.assertEqual(
                decode_page(result, position),
                [barcode_payload(self.order.name, line.document_type, pages)],
            )
            self.assertEqual(
                parse_payload(decode_page(result, position)[0]),
                (self.order.name, line.document_type, pages),
            )
            self.assertIn(line.name, page_text(result, position))
            position += 1
        self.assertEqual(page_count(result), position)

    def test_barcode_page_carries_the_order_data(self):
        wizard = self._print_form().save()
        wizard.action_print()
        result = base64.b64decode(wizard.pdf_file)
        agreement = self._document("Leistungsvereinbarung")
        checklist = self._document("Checkliste")
        self.assertEqual(
            page_count(result), page_count(agreement.raw) + page_count(checklist.raw) + 2
        )
        text = page_text(result, page_count(agreement.raw))
        for value in (self.order.name, "202019374", "M-ZZ 44", "Gertrud Müller", "CLA"):
            self.assertIn(value, text)

    def test_service_agreement_button(self):
        self.assertTrue(self.order.ig_has_service_agreement)
        action = self.order.action_ig_print_service_agreement()
        wizard = self.env["dra.document.print"].search([], order="id desc", limit=1)
        self.assertIn(f"/web/content/dra.document.print/{wizard.id}/", action["url"])
        agreement = self._document("Leistungsvereinbarung")
        result = base64.b64decode(wizard.pdf_file)
        self.assertEqual(page_count(result), page_count(agreement.raw) + 1)
        self.assertEqual(
            decode_page(result, page_count(result) - 1),
            [f"{self.order.name}|LV|{page_count(agreement.raw)}"],
        )

    def test_order_without_service_agreement(self):
        self._document("Leistungsvereinbarung").unlink()
        self.order.invalidate_recordset(["ig_has_service_agreement"])
        self.assertFalse(self.order.ig_has_service_agreement)
        with self.assertRaises(UserError):
            self.order.action_ig_print_service_agreement()

    def test_printing_again_stores_no_files_on_the_order(self):
        attachments_before = self.env["ir.attachment"].search_count(
            [("res_model", "=", "repair.order"), ("res_id", "=", self.order.id)]
        )
        self.order.action_ig_print_service_agreement()
        self.order.action_ig_print_service_agreement()
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "repair.order"), ("res_id", "=", self.order.id)]
            ),
            attachments_before,
        )

    def test_document_that_is_not_a_pdf_gives_a_clear_message(self):
        self.env["ir.attachment"].create(
            {
                "name": "kaputt.pdf",
                "res_model": "repair.order",
                "res_id": self.order.id,
                "raw": b"This is not a PDF file at all.",
                "mimetype": "application/pdf",
            }
        )
        wizard = self._print_form().save()
        self.assertIn("kaputt.pdf", wizard.line_ids.filtered("selected").mapped("name"))
        attachments_before = self.env["ir.attachment"].search_count([])
        with self.assertRaises(UserError) as caught:
            wizard.action_print()
        self.assertIn("“kaputt.pdf” is not a valid PDF file", str(caught.exception))
        self.assertFalse(wizard.pdf_file)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_nothing_chosen(self):
        form = self._print_form()
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.selected = False
        with self.assertRaises(UserError):
            form.save().action_print()

    def test_workshop_user_prints_and_portal_user_cannot(self):
        wizard = self._print_form(user=self.user_workshop).save()
        wizard.action_print()
        self.assertTrue(wizard.pdf_file)
        self.order.with_user(self.user_workshop).action_ig_print_service_agreement()
        portal = new_test_user(self.env, login="ig_portal_print", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["dra.document.print"].with_user(portal).create({"order_id": self.order.id})
        with self.assertRaises(AccessError):
            self.order.with_user(portal).action_ig_print_service_agreement()

    def test_print_action_is_in_the_print_menu(self):
        action = self.env.ref("ig_soom_dra.dra_document_print_action")
        self.assertEqual(action.binding_model_id.model, "repair.order")
        self.assertEqual(action.binding_type, "report")

    def test_print_dialog_columns_have_distinct_headings(self):
        """The document type and the file format were both headed "Art" in German."""
        view = self.env.ref("ig_soom_dra.dra_document_print_view_form")
        Wizard = self.env["dra.document.print"]
        for lang in self.env["res.lang"].search([]).mapped("code"):
            arch = Wizard.with_context(lang=lang).get_view(view.id)["arch"]
            document = etree.fromstring(arch)
            nodes = [
                column
                for column in document.xpath("//field[@name='line_ids']/list/field")
                if not column.get("column_invisible") and column.get("widget") != "handle"
            ]
            columns = [node.get("name") for node in nodes]
            labels = (
                self.env["dra.document.print.line"]
                .with_context(lang=lang)
                .fields_get(columns, ["string"])
            )
            headings = [node.get("string") or labels[node.get("name")]["string"] for node in nodes]
            self.assertEqual(len(set(headings)), len(headings), f"{lang}: {headings}")
            self.assertIn("document_type", columns)
            self.assertIn("kind", columns)
