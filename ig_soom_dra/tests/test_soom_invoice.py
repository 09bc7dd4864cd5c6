# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import format_amount

from ..core.portal import PortalError
from ..core.soom import SOOM_FIELDS, SoomClient
from ..models.soom_milestone_sent import INVOICE_DOCUMENT_KEY
from .common import SOOM_PASSWORD, SOOM_USER
from .soom_common import CASE_374, SoomStandInMixin


@tagged("post_install", "-at_install")
class TestSoomInvoice(SoomStandInMixin, TransactionCase):
    """Estimate and invoice to SOOM: amounts from the quotation, the invoice found
    through repair -> quotation -> invoice, its PDF uploaded, status RE, and the
    broker's agreed hourly rates checked before the estimate goes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        cls.hour = cls.env.ref("uom.product_uom_hour")
        cls.labour_category = cls.env["product.category"].create({"name": "Karosseriearbeit"})
        cls.paint_category = cls.env["product.category"].create(
            {"name": "Lackierarbeit", "parent_id": cls.labour_category.id}
        )
        cls.body_work = cls.env["product.product"].create(
            {
                "name": "Karosserie AW",
                "type": "service",
                "uom_id": cls.hour.id,
                "uom_po_id": cls.hour.id,
                "categ_id": cls.labour_category.id,
                "list_price": 98.0,
                "invoice_policy": "order",
            }
        )
        cls.paint_work = cls.env["product.product"].create(
            {
                "name": "Lackierung AW",
                "type": "service",
                "uom_id": cls.hour.id,
                "uom_po_id": cls.hour.id,
                "categ_id": cls.paint_category.id,
                "list_price": 110.0,
                "invoice_policy": "order",
            }
        )
        cls.eur = cls.env.company.currency_id
        cls.order.write({"deductible": 300.0, "deductible_currency_id": cls.eur.id})

    # ---- helpers -------------------------------------------------------

    def _quotation(self, hours=2.0, price=None):
        """Make the order's quotation with its button and add a labour line in the form."""
        self.order.action_create_sale_order()
        quotation = self.order.sale_order_id
        self.assertTrue(quotation)
        with Form(quotation) as form, form.order_line.new() as line:
            line.product_id = self.body_work
            line.product_uom_qty = hours
            if price is not None:
                line.price_unit = price
        return quotation

    def _invoice(self, quotation):
        """Confirm the quotation, invoice it and post the invoice, as the buttons do."""
        if quotation.state != "sale":
            quotation.action_confirm()
        invoice = quotation._create_invoices()
        invoice.invoice_date = date(2026, 3, 20)
        invoice.action_post()
        return invoice

    def _open_dialog(self, user=None):
        order = self.order.with_user(user) if user else self.order
        action = order.action_soom_send()
        return (
            self.env["soom.send.wizard"].with_user(user or self.env.user).browse(action["res_id"])
        )

    @staticmethod
    def _shown(wizard):
        return {SOOM_FIELDS[line.key]: json.loads(line.value_json) for line in wizard.line_ids}

    def _money(self, amount):
        return {"amount": f"{amount:.2f}", "currency": self.eur.name}

    # ---- estimate ------------------------------------------------------

    def test_estimate_amounts_come_from_the_quotation_once_it_was_sent(self):
        quotation = self._quotation()
        self.assertNotIn("estimate_net", self._open_dialog().line_ids.mapped("key"))
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        shown = self._shown(self._open_dialog())
        self.assertEqual(shown["KVVersendetAm"], "2026-03-05T10:00:00+01:00")
        self.assertEqual(shown["KVBetragNetto"], self._money(quotation.amount_untaxed))
        self.assertEqual(shown["KVBetragBrutto"], self._money(quotation.amount_total))
        self.assertGreater(quotation.amount_total, quotation.amount_untaxed)
        line = self._open_dialog().line_ids.filtered(lambda line: line.key == "estimate_gross")
        self.assertEqual(line.new_value, format_amount(self.env, quotation.amount_total, self.eur))

    def test_estimate_is_sent_and_marked(self):
        quotation = self._quotation()
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        wizard = self._open_dialog()
        shown = self._shown(wizard)
        wizard.action_send()
        held = self._soom_values()
        self.assertEqual(held, shown)
        self.assertEqual(held["KVBetragNetto"], self._money(quotation.amount_untaxed))
        # a changed quotation shows as changed and is offered again
        quotation.order_line.filtered(lambda line: line.product_id == self.body_work).write(
            {"product_uom_qty": 3.0}
        )
        states = {line["key"]: line["state"] for line in self.order._soom_milestone_lines()}
        self.assertEqual(states["estimate_net"], "changed")
        self.assertEqual(states["estimate_sent"], "sent")
        self.assertEqual(
            set(self._open_dialog().line_ids.mapped("key")), {"estimate_net", "estimate_gross"}
        )

    # ---- hourly rates ----------------------------------------------------

    def _agree_rate(self, rate, **values):
        return self.env["dra.broker.rate"].create(
            {
                "broker_id": self.broker_ig.id,
                "kind": "body",
                "product_categ_id": self.labour_category.id,
                "hourly_rate": rate,
                **values,
            }
        )

    def test_rate_mismatch_warns_and_needs_send_anyway(self):
        self._agree_rate(98.0)
        self._quotation(price=105.0)
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        wizard = self._open_dialog()
        self.assertIn(format_amount(self.env, 98.0, self.eur), wizard.rate_warning)
        self.assertIn(format_amount(self.env, 105.0, self.eur), wizard.rate_warning)
        self.assertIn("Karosserie AW", wizard.rate_warning)
        # without the tick nothing goes
        wizard.action_send()
        self.assertEqual(self.standin.received(), [])
        self.assertEqual(wizard.message_type, "warning")
        self.assertFalse(self.order.soom_sent_ids)
        wizard.send_anyway = True
        wizard.action_send()
        self.assertEqual(len(self._applied()), 1)

    def test_agreed_rate_gives_no_warning_and_the_product_rate_wins(self):
        self._agree_rate(80.0)
        self._agree_rate(105.0, product_id=self.body_work.id, product_categ_id=False)
        self._quotation(price=105.0)
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        wizard = self._open_dialog()
        self.assertFalse(wizard.rate_warning)
        wizard.action_send()
        self.assertEqual(len(self._applied()), 1)

    def test_rate_of_another_company_does_not_apply(self):
        other = self.env["res.company"].create({"name": "Lackiererei Zwei"})
        self._agree_rate(50.0, company_id=other.id)
        self._quotation(price=105.0)
        self.order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        self.assertFalse(self._open_dialog().rate_warning)

    def test_subcategory_rate_is_more_specific(self):
        self._agree_rate(98.0)
        self._agree_rate(120.0, kind="paint", product_categ_id=self.paint_category.id)
        quotation = self._quotation(price=98.0)
        with Form(quotation) as form, form.order_line.new() as line:
            line.product_id = self.paint_work
            line.product_uom_qty = 1.0
            line.price_unit = 110.0
        mismatches = self.order._ig_rate_mismatches()
        self.assertEqual([m["line"] for m in mismatches], ["Lackierung AW"])
        self.assertEqual(mismatches[0]["agreed"], format_amount(self.env, 120.0, self.eur))

    # ---- invoice -------------------------------------------------------

    def test_posted_invoice_sets_re_and_is_found_through_the_quotation(self):
        quotation = self._quotation()
        self.assertFalse(self.order.ig_invoice_id)
        self.assertNotIn(
            INVOICE_DOCUMENT_KEY, [line["key"] for line in self.order._soom_milestone_lines()]
        )
        invoice = self._invoice(quotation)
        # before the dialog made the PDF the table says it was not sent, and renders nothing
        states = {line["key"]: line["state"] for line in self.order._soom_milestone_lines()}
        self.assertEqual(states[INVOICE_DOCUMENT_KEY], "not_sent")
        self.assertFalse(invoice.invoice_pdf_report_id)
        self.assertEqual(self.order.workshop_status, "re")
        self.assertEqual(self.order.processing_stage, "invoiced")
        self.assertEqual(self.order.ig_invoice_id, invoice)
        self.assertEqual(self.order.invoice_number, invoice.name)
        shown = self._shown(self._open_dialog())
        self.assertEqual(shown["RechnungsNr"], invoice.name)
        self.assertEqual(shown["Rechnungsdatum"], "2026-03-20")
        self.assertEqual(shown["RechnungBetragNetto"], self._money(invoice.amount_untaxed))
        self.assertEqual(shown["RechnungMwSt"], self._money(invoice.amount_tax))
        self.assertEqual(shown["RechnungBetragBrutto"], self._money(invoice.amount_total))
        self.assertEqual(shown["Selbstbeteiligung"], self._money(300.0))
        self.assertEqual(shown["Werkstattstatus"], "RE")

    def test_draft_invoice_is_not_offered(self):
        quotation = self._quotation()
        quotation.action_confirm()
        quotation._create_invoices()
        wizard = self._open_dialog()
        self.assertFalse(wizard.document_display)
        self.assertNotIn("invoice_number", wizard.line_ids.mapped("key"))
        self.assertNotEqual(self.order.workshop_status, "re")

    def test_invoice_and_pdf_are_sent_exactly_as_shown(self):
        invoice = self._invoice(self._quotation())
        wizard = self._open_dialog()
        shown = self._shown(wizard)
        document = json.loads(wizard.document_json)
        pdf = invoice.invoice_pdf_report_id
        self.assertTrue(pdf)
        self.assertEqual(document["file_name"], pdf.name)
        self.assertEqual(document["size"], len(pdf.raw))
        self.assertIn(pdf.name, wizard.document_display)
        self.assertEqual(wizard.invoice_note, invoice.name)
        wizard.action_send()
        held = self._soom_values()
        self.assertEqual(held, shown)
        with self._client() as client:
            status = client._session.get(
                f"{self.standin.base_url}/api/v1/orders/{CASE_374}/status",
                auth=(SOOM_USER, SOOM_PASSWORD),
            ).json()
        self.assertEqual(len(status["documents"]), 1)
        uploaded = status["documents"][0]
        self.assertEqual(uploaded["type"], "Rechnung")
        self.assertEqual(uploaded["file_name"], pdf.name)
        self.assertEqual(uploaded["sha256"], hashlib.sha256(pdf.raw).hexdigest())
        # both logged, in the order they went; the PDF marked with SOOM's id
        kinds = [entry["kind"] for entry in self.standin.received()]
        self.assertEqual(kinds, ["document", "status"])
        transmissions = self.order.soom_transmission_ids
        self.assertEqual(set(transmissions.mapped("kind")), {"document", "status"})
        self.assertEqual(set(transmissions.mapped("state")), {"success"})
        mark = self.order.soom_sent_ids.filtered(lambda sent: sent.key == INVOICE_DOCUMENT_KEY)
        self.assertEqual(json.loads(mark.value_json)["document_id"], uploaded["document_id"])
        self.assertIn(pdf.name, mark.value_display)
        # the portal page shows the invoice and the document
        page = client._session.get(
            f"{self.standin.base_url}/OrderTracking/Edit/{CASE_374}",
            auth=(SOOM_USER, SOOM_PASSWORD),
        ).text
        self.assertIn(invoice.name, page)
        self.assertIn(pdf.name, page)
        states = {line["key"]: line["state"] for line in self.order._soom_milestone_lines()}
        self.assertEqual(states[INVOICE_DOCUMENT_KEY], "sent")
        self.assertEqual(states["invoice_gross"], "sent")
        # nothing left to send
        wizard = self._open_dialog()
        self.assertFalse(wizard.line_ids)
        self.assertFalse(wizard.document_display)

    def test_a_second_invoice_is_the_one_offered_and_shows_as_changed(self):
        quotation = self._quotation()
        first = self._invoice(quotation)
        self._open_dialog().action_send()
        with Form(quotation) as form, form.order_line.new() as line:
            line.product_id = self.paint_work
            line.product_uom_qty = 1.0
        second = self._invoice(quotation)
        self.assertEqual(self.order.ig_invoice_id, second)
        wizard = self._open_dialog()
        self.assertIn(second.name, wizard.invoice_note)
        self.assertNotIn(first.name, wizard.invoice_note)
        self.assertIn(first.invoice_pdf_report_id.name, wizard.document_sent_display)
        self.assertIn(second.invoice_pdf_report_id.name, wizard.document_display)
        self.assertIn("invoice_number", wizard.line_ids.mapped("key"))
        states = {line["key"]: line["state"] for line in self.order._soom_milestone_lines()}
        self.assertEqual(states[INVOICE_DOCUMENT_KEY], "changed")
        self.assertEqual(states["invoice_number"], "changed")
        wizard.action_send()
        self.assertEqual(self._soom_values()["RechnungsNr"], second.name)

    def test_failed_upload_is_logged_and_nothing_marked(self):
        self._invoice(self._quotation())
        wizard = self._open_dialog()
        self.standin.set_mode("error500", count=1)
        wizard.action_send()
        self.assertEqual(wizard.message_type, "danger")
        self.assertFalse(self.order.soom_sent_ids)
        failed = self.order.soom_transmission_ids
        self.assertEqual(failed.kind, "document")
        self.assertEqual(failed.state, "failed")
        self.assertEqual(failed.error_code, "server")
        self.assertEqual(self.standin.received()[0]["kind"], "document")
        # nothing of the status went either
        self.assertNotIn("RechnungsNr", self._soom_values())

    def test_failed_status_after_the_upload_keeps_the_pdf_marked(self):
        self._invoice(self._quotation())
        wizard = self._open_dialog()
        # the upload succeeds, the status update after it fails
        uploads = []

        def fail_status(*args, **kwargs):
            uploads.append(args)
            raise PortalError("server", "SOOM failed (HTTP 500)", 500)

        with patch.object(SoomClient, "send_status", fail_status):
            wizard.action_send()
        self.assertEqual(len(uploads), 1)
        self.assertEqual(wizard.message_type, "danger")
        keys = set(self.order.soom_sent_ids.mapped("key"))
        self.assertEqual(keys, {INVOICE_DOCUMENT_KEY})
        self.assertIn("invoice_number", wizard.line_ids.mapped("key"))
        self.assertFalse(wizard.document_display)
        self.assertEqual(
            {(t.kind, t.state) for t in self.order.soom_transmission_ids},
            {("document", "success"), ("status", "failed")},
        )

    def test_changed_invoice_pdf_while_open_is_not_sent(self):
        invoice = self._invoice(self._quotation())
        wizard = self._open_dialog()
        invoice.invoice_pdf_report_id.raw = b"%PDF-1.4 another file"
        invoice.invalidate_recordset()
        wizard.action_send()
        self.assertEqual(self.standin.received(), [])
        self.assertEqual(wizard.message_type, "warning")
        self.assertEqual(json.loads(wizard.document_json)["size"], len(b"%PDF-1.4 another file"))

    # ---- security ------------------------------------------------------

    def test_plain_internal_user_cannot_open_or_send(self):
        plain = self.env["res.users"].create(
            {
                "name": "Plain User",
                "login": "ig_plain_invoice",
                "groups_id": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.order.with_user(plain).action_soom_send()
        with self.assertRaises(AccessError):
            self.env["dra.broker.rate"].with_user(plain).search_read([], ["hourly_rate"])

    def test_workshop_user_reads_rates_but_cannot_change_them(self):
        rate = self._agree_rate(98.0)
        user_rate = rate.with_user(self.user_workshop)
        self.assertEqual(user_rate.hourly_rate, 98.0)
        with self.assertRaises(AccessError):
            user_rate.write({"hourly_rate": 120.0})
        rate.with_user(self.user_manager).write({"hourly_rate": 120.0})
        self.assertEqual(rate.hourly_rate, 120.0)

    def test_portal_user_reads_nothing(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal Kunde",
                "login": "ig_portal_invoice",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        for model in ("dra.broker.rate", "soom.send.wizard", "soom.milestone.sent"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search_read([], ["id"])
