# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from email.message import EmailMessage

from pypdf import PdfReader, PdfWriter

from odoo import Command, _
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..core import pdf
from . import scan_stack
from .common import IgSoomCommonMixin, order_documents

AGREEMENT = "Leistungsvereinbarung"
USER_GROUP = "ig_soom_dra.group_ig_soom_user"


def page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


class ScanBatchCommon(IgSoomCommonMixin):
    """Two orders of the workshop's company, one of another company, and their scanned paper."""

    @classmethod
    def _setup_scans(cls):
        cls._setup_ig_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Zweigstelle Scan"})
        cls.user_workshop.email = "werkstatt.scan@example.com"
        cls.customer = cls.env["res.partner"].create({"name": "Gertrud Müller"})
        Order = cls.env["repair.order"]
        cls.order_1 = Order.create({"partner_id": cls.customer.id, "broker_id": cls.broker_ig.id})
        cls.order_2 = Order.create({"partner_id": cls.customer.id})
        cls.order_b = Order.with_company(cls.company_b).create(
            {"partner_id": cls.customer.id, "company_id": cls.company_b.id}
        )
        # the same reference in the other company must not matter either
        cls.order_b_name = cls.order_b.name
        cls.stack = scan_stack.scanned(
            [
                scan_stack.printed_pages(
                    cls.order_1.name, [("Leistungsvereinbarung", AGREEMENT, 2)]
                ),
                scan_stack.printed_pages(cls.order_2.name, [("Gutachten", "Gutachten", 1)]),
                pdf.documents_with_barcode(
                    [("alt.pdf", scan_stack.document_pdf("Alt"), "application/pdf")],
                    cls.order_2.name,
                    [],
                ),
                scan_stack.printed_pages(cls.order_b.name, [("RKÜ", AGREEMENT, 1)]),
                scan_stack.document_pdf("Lose Seite"),
            ]
        )

    def _upload(self, user=None, data=None):
        """A scan batch as the back end makes it: the PDF chosen in the form, then saved."""
        env = self.env(user=user or self.user_workshop)
        with Form(env["ig.scan.batch"]) as form:
            form.name = "Stapel"
            form.stack_file = base64.b64encode(data or self.stack)
        return form.record


@tagged("post_install", "-at_install")
class TestScanBatch(ScanBatchCommon, TransactionCase):
    """A scanned stack is split at its barcode pages and filed on its orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_scans()

    def test_documents_are_filed_on_their_orders(self):
        batch = self._upload()
        self.assertEqual(batch.state, "draft")
        batch.action_split()
        self.assertEqual(batch.page_count, page_count(self.stack))
        self.assertEqual(
            [(part.pages, part.state, part.document_type) for part in batch.part_ids],
            [
                ("1–2", "filed", AGREEMENT),
                ("4", "filed", "Gutachten"),
                ("6", "filed", False),
                ("8", "unassigned", AGREEMENT),
                ("10", "unassigned", False),
            ],
        )
        agreement = order_documents(self.order_1).filtered(
            lambda doc: doc.dra_document_type == AGREEMENT
        )
        self.assertEqual(len(agreement), 1)
        self.assertEqual(page_count(agreement.raw), 2)
        self.assertEqual(agreement.mimetype, "application/pdf")
        self.assertTrue(self.order_1.service_agreement_signed_at)
        self.assertFalse(self.order_2.service_agreement_signed_at)
        documents_2 = order_documents(self.order_2)
        self.assertEqual(
            sorted(documents_2.mapped("dra_document_type"), key=str), [False, "Gutachten"]
        )
        self.assertIn(_("Scan"), documents_2.filtered(lambda doc: not doc.dra_document_type).name)
        note = self.order_1.message_ids.filtered(
            lambda message: agreement in message.attachment_ids
        )
        self.assertEqual(len(note), 1)
        self.assertIn(agreement.name, note.body)
        self.assertEqual(batch.filed_count, 3)
        self.assertEqual(batch.unassigned_count, 2)
        # the stack is kept while pages are to be assigned
        self.assertEqual(batch.state, "to_assign")
        self.assertTrue(batch.stack_file)

    def test_pages_are_assigned_by_hand(self):
        batch = self._upload()
        batch.action_split()
        loose = batch.part_ids.filtered(lambda part: part.reason == "no_barcode")
        other = batch.part_ids.filtered(lambda part: part.reason == "unknown_order")
        with self.assertRaises(UserError):
            loose.action_file()
        # what the scan read and what filing writes are not for the user to set
        for values in ({"state": "filed"}, {"reference": "X"}, {"attachment_id": False}):
            with self.assertRaises(UserError):
                loose.with_user(self.user_workshop).write(values)
        with Form(batch.with_user(self.user_workshop)) as form:
            for index in range(len(form.part_ids)):
                with form.part_ids.edit(index) as line:
                    if line.reason:
                        line.order_id = self.order_2
                        line.document_type = "Checkliste"
        (loose | other).with_user(self.user_workshop).action_file()
        self.assertEqual((loose | other).mapped("state"), ["filed", "filed"])
        checklists = order_documents(self.order_2).filtered(
            lambda doc: doc.dra_document_type == "Checkliste"
        )
        self.assertEqual(checklists, (loose | other).attachment_id)
        self.assertEqual(batch.state, "done")
        self.assertFalse(batch.stack_file)
        with self.assertRaises(UserError):
            loose.with_user(self.user_workshop).order_id = self.order_1

    def _lost_barcode_page(self, reference, pages):
        """A print of a service agreement of ``pages`` pages whose barcode page
        comes out of the scanner without a readable code."""
        printed = PdfReader(
            io.BytesIO(scan_stack.printed_pages(reference, [("LV", AGREEMENT, pages)]))
        )
        writer = PdfWriter()
        for page in printed.pages[:pages]:
            writer.add_page(page)
        writer.append(PdfReader(io.BytesIO(scan_stack.document_pdf("Deckblatt verschmiert"))))
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def test_pages_of_a_lost_barcode_page_go_to_no_other_order(self):
        stack = scan_stack.scanned(
            [
                self._lost_barcode_page(self.order_1.name, 2),
                scan_stack.printed_pages(self.order_2.name, [("Gutachten", "Gutachten", 1)]),
            ]
        )
        batch = self._upload(data=stack)
        batch.action_split()
        self.assertEqual(
            [
                (part.pages, part.state, part.reason, part.order_id, part.expected_pages)
                for part in batch.part_ids
            ],
            [
                ("1–3", "unassigned", "extra_pages", self.order_1.browse(), 0),
                ("4", "filed", False, self.order_2, 1),
            ],
        )
        self.assertEqual(page_count(batch.part_ids[1].attachment_id.raw), 1)
        self.assertFalse(order_documents(self.order_1))
        self.assertFalse(self.order_1.service_agreement_signed_at)
        self.assertEqual(batch.state, "to_assign")
        # a person looks at the three pages and files them on their order
        lost = batch.part_ids[0].with_user(self.user_workshop)
        lost.write({"order_id": self.order_1.id, "document_type": AGREEMENT})
        lost.action_file()
        self.assertEqual(page_count(order_documents(self.order_1).raw), 3)
        self.assertTrue(self.order_1.service_agreement_signed_at)
        self.assertEqual(batch.state, "done")

    def test_a_document_short_of_its_pages_is_proposed_not_filed(self):
        printed = PdfReader(
            io.BytesIO(scan_stack.printed_pages(self.order_1.name, [("LV", AGREEMENT, 2)]))
        )
        writer = PdfWriter()
        for index in (0, 2):  # the second page stayed in the customer's folder
            writer.add_page(printed.pages[index])
        short = io.BytesIO()
        writer.write(short)
        batch = self._upload(data=scan_stack.scanned([short.getvalue()]))
        batch.action_split()
        part = batch.part_ids
        self.assertEqual(
            (part.pages, part.state, part.reason, part.order_id, part.expected_pages),
            ("1", "unassigned", "missing_pages", self.order_1, 2),
        )
        self.assertFalse(order_documents(self.order_1))
        self.assertFalse(self.order_1.service_agreement_signed_at)
        part.with_user(self.user_workshop).action_file()
        self.assertEqual(part.attachment_id.res_id, self.order_1.id)
        self.assertEqual(batch.state, "done")

    def test_another_companys_order_is_not_found(self):
        batch = self._upload()
        batch.action_split()
        part = batch.part_ids.filtered(lambda part: part.reference == self.order_b_name)
        self.assertEqual(part.reason, "unknown_order")
        self.assertFalse(part.order_id)
        self.assertFalse(order_documents(self.order_b.sudo()))
        self.assertFalse(self.order_b.sudo().service_agreement_signed_at)

    def test_no_filing_onto_an_order_the_user_cannot_see(self):
        batch = self._upload()
        batch.action_split()
        part = batch.part_ids.filtered(lambda part: part.reason == "no_barcode")
        part.with_user(self.user_workshop).write({"order_id": self.order_b.id})
        with self.assertRaises(AccessError):
            part.with_user(self.user_workshop).action_file()
        self.assertEqual(part.state, "unassigned")
        self.assertFalse(order_documents(self.order_b.sudo()))

    def test_bad_input_changes_nothing(self):
        batch = self._upload(data=b"%PDF-1.4 kaputt")
        with self.assertRaises(UserError):
            batch.action_split()
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.part_ids)
        batch = self._upload(data=b"kein PDF")
        with self.assertRaisesRegex(
            UserError, _("The scan is not a PDF file. Scan the paper as PDF.")
        ):
            batch.action_split()
        self.env["ir.config_parameter"].set_param("ig_soom_dra.max_file_size_mb", "1")
        batch = self._upload(data=b"%PDF-" + b"0" * (2 * 1024 * 1024))
        with self.assertRaises(UserError):
            batch.action_split()
        self.assertFalse(batch.part_ids)

    def test_read_once_and_kept_while_unassigned(self):
        batch = self._upload()
        batch.action_split()
        with self.assertRaises(UserError):
            batch.action_split()
        with self.assertRaises(UserError):
            batch.unlink()

    def test_outsiders_neither_read_nor_make_scans(self):
        batch = self._upload()
        batch.action_split()
        internal = new_test_user(self.env, login="ig_scan_internal", groups="base.group_user")
        portal = new_test_user(self.env, login="ig_scan_portal", groups="base.group_portal")
        other = new_test_user(
            self.env,
            login="ig_scan_other_company",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        for user in (internal, portal):
            with self.assertRaises(AccessError):
                self.env["ig.scan.batch"].with_user(user).create({"name": "x"})
            with self.assertRaises(AccessError):
                batch.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                batch.part_ids.with_user(user).read(["reference"])
            with self.assertRaises(AccessError):
                batch.part_ids[:1].with_user(user).action_file()
            with self.assertRaises(AccessError):
                self.env["ig.scan.batch"].with_user(user).search_read([], ["name"])
            with self.assertRaises(AccessError):
                batch.with_user(user).web_read({"name": {}, "part_ids": {"fields": {}}})
            # a portal user may not export at all (UserError), an internal user not this
            with self.assertRaises(UserError):
                batch.with_user(user).export_data(["name", "part_ids/reference"])
            with self.assertRaises(AccessError):
                self.env["ig.scan.part"].with_user(user).search_read([], ["reference"])
        self.assertFalse(self.env["ig.scan.batch"].with_user(other).search([]))
        self.assertFalse(self.env["ig.scan.part"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            batch.with_user(other).read(["name"])
        with self.assertRaises(AccessError):
            batch.part_ids.with_user(other).read(["pdf_file"])
        with self.assertRaises(AccessError):
            batch.with_user(other).action_split()
        with self.assertRaises(AccessError):
            batch.part_ids[:1].with_user(other).write({"order_id": self.order_b.id})
        with self.assertRaises(AccessError):
            batch.part_ids[-1:].with_user(other).action_file()
        # the stack itself is not readable through its attachment either
        with self.assertRaises(AccessError):
            batch._stack_attachment().with_user(other).read(["datas"])


@tagged("post_install", "-at_install")
class TestScanAlias(ScanBatchCommon, TransactionCase):
    """Scans e-mailed to the scan alias become a batch, only from the workshop's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_scans()
        domain = cls.env["mail.alias.domain"].create({"name": "werkstatt.example.com"})
        cls.alias = cls.env.ref("ig_soom_dra.mail_alias_scan")
        cls.alias.alias_domain_id = domain

    def _mail(self, sender, attachments):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "scan@werkstatt.example.com"
        message["Subject"] = "Scan vom Kopierer"
        message["Message-Id"] = f"<scan-{len(attachments)}-{sender}@kopierer>"
        message.set_content("Gescannt.")
        for name, data in attachments:
            message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        return message.as_bytes()

    def test_mail_from_a_workshop_user_is_filed(self):
        self.env["mail.thread"].message_process(
            False, self._mail(f"Werkstatt <{self.user_workshop.email}>", [("s.pdf", self.stack)])
        )
        batch = self.env["ig.scan.batch"].search([("source", "=", "mail")])
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.name, "Scan vom Kopierer")
        self.assertEqual(batch.create_uid, self.user_workshop)
        self.assertEqual(batch.filed_count, 3)
        self.assertTrue(self.order_1.service_agreement_signed_at)

    def test_two_pdfs_of_one_mail_are_one_batch(self):
        first = scan_stack.scanned(
            [scan_stack.printed_pages(self.order_1.name, [("LV", AGREEMENT, 1)])]
        )
        second = scan_stack.scanned([scan_stack.document_pdf("Lose Seite")])
        self.env["mail.thread"].message_process(
            False, self._mail(self.user_workshop.email, [("a.pdf", first), ("b.pdf", second)])
        )
        batch = self.env["ig.scan.batch"].search([("source", "=", "mail")])
        self.assertEqual(batch.page_count, 3)
        self.assertEqual(batch.mapped("part_ids.state"), ["filed", "unassigned"])

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_from_anyone_else_creates_nothing(self):
        outsider = self.env["res.partner"].create({"name": "Fremd", "email": "fremd@example.org"})
        self.env["mail.thread"].message_process(
            False, self._mail(outsider.email, [("s.pdf", self.stack)])
        )
        self.assertFalse(self.env["ig.scan.batch"].search([("source", "=", "mail")]))
        self.assertFalse(order_documents(self.order_1).filtered("dra_document_type"))


@tagged("post_install", "-at_install")
class TestScanBatchTour(ScanBatchCommon, HttpCase):
    """Upload a stack in the back end, see what is filed, assign the rest by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_scans()
        # the tour types this reference to assign the loose page
        cls.order_2.name = "WH/RO/SCAN-TOUR-2"
        cls.tour_stack = scan_stack.scanned(
            [
                scan_stack.printed_pages(cls.order_1.name, [("LV", AGREEMENT, 1)]),
                scan_stack.printed_pages(cls.order_2.name, [("Gutachten", "Gutachten", 1)]),
                scan_stack.document_pdf("Lose Seite"),
            ]
        )

    def test_scan_in_the_browser_in_english(self):
        self._scan_in_the_browser("en_US")

    def test_scan_in_the_browser_in_german(self):
        self._scan_in_the_browser("de_DE")

    def _scan_in_the_browser(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        admin = self.env.ref("base.user_admin")
        admin.write({"lang": lang, "groups_id": [Command.link(self.env.ref(USER_GROUP).id)]})
        self.env["ir.attachment"].create(
            {
                "name": "ig_soom_dra_tour_scan.pdf",
                "raw": self.tour_stack,
            }
        )
        self.start_tour(
            "/odoo/action-ig_soom_dra.ig_scan_batch_action",
            "ig_soom_dra_scan_tour",
            login="admin",
            timeout=180,
        )
        batch = self.env["ig.scan.batch"].search([("create_uid", "=", admin.id)])
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.state, "done")
        self.assertEqual(batch.part_ids.mapped("order_id"), self.order_1 | self.order_2)
        self.assertTrue(self.order_1.service_agreement_signed_at)
        loose = batch.part_ids.filtered(lambda part: part.first_page == 5)
        self.assertEqual(loose.order_id, self.order_2)
        self.assertEqual(loose.attachment_id.res_id, self.order_2.id)
