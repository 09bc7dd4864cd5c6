# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
from datetime import date, datetime

import requests

from odoo.tests import Form, HttpCase, tagged

from ..core.soom import SOOM_FIELDS
from .common import SOOM_PASSWORD, SOOM_USER
from .soom_common import CASE_374, SoomStandInMixin


@tagged("post_install", "-at_install")
class TestSoomInvoiceTour(SoomStandInMixin, HttpCase):
    """Issue 11: estimate sent -> invoice -> RE in the browser, each through the
    SOOM button; the stand-in holds exactly what the dialogs listed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_soom()
        hour = cls.env.ref("uom.product_uom_hour")
        cls.body_work = cls.env["product.product"].create(
            {
                "name": "Karosserie AW",
                "type": "service",
                "uom_id": hour.id,
                "uom_po_id": hour.id,
                "list_price": 105.0,
                "invoice_policy": "order",
            }
        )
        cls.env["dra.broker.rate"].create(
            {
                "broker_id": cls.broker_ig.id,
                "product_id": cls.body_work.id,
                "hourly_rate": 98.0,
            }
        )
        cls.order.write(
            {"deductible": 300.0, "deductible_currency_id": cls.env.company.currency_id.id}
        )

    def test_estimate_to_invoice_in_english(self):
        self._estimate_to_invoice("en_US")

    def test_estimate_to_invoice_in_german(self):
        self._estimate_to_invoice("de_DE")

    def _estimate_to_invoice(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        admin = self.env.ref("base.user_admin")
        admin.write({"lang": lang, "tz": "Europe/Berlin"})
        admin.groups_id |= self.env.ref("ig_soom_dra.group_ig_soom_manager")
        order = self.order
        order.action_create_sale_order()
        quotation = order.sale_order_id
        with Form(quotation) as form, form.order_line.new() as line:
            line.product_id = self.body_work
            line.product_uom_qty = 4.0
        order.estimate_sent_at = datetime(2026, 3, 5, 9, 0)
        url = f"/odoo/action-ig_soom_dra.repair_order_action_broker/{order.id}"

        self.start_tour(url, "ig_soom_dra_soom_estimate_tour", login="admin", timeout=120)

        quotation.action_confirm()
        invoice = quotation._create_invoices()
        invoice.invoice_date = date(2026, 3, 20)
        invoice.action_post()
        self.assertEqual(order.workshop_status, "re")

        self.start_tour(url, "ig_soom_dra_soom_invoice_tour", login="admin", timeout=120)

        self.env.invalidate_all()
        transmissions = order.soom_transmission_ids.sorted("id")
        self.assertEqual(transmissions.mapped("kind"), ["status", "document", "status"])
        self.assertEqual(set(transmissions.mapped("state")), {"success"})
        received = self.standin.received()
        self.assertEqual([entry["kind"] for entry in received], ["status", "document", "status"])
        self.assertEqual([entry["outcome"] for entry in received], ["applied"] * 3)
        # what the dialogs listed (the log keeps it) is what the stand-in received
        for transmission, entry in zip(transmissions, received, strict=True):
            self.assertEqual(json.loads(transmission.payload), entry["values"])
        estimate, _document, invoiced = (entry["values"] for entry in received)
        self.assertEqual(
            set(estimate),
            {SOOM_FIELDS[key] for key in ("estimate_sent", "estimate_net", "estimate_gross")},
        )
        self.assertEqual(estimate["KVBetragNetto"]["amount"], f"{quotation.amount_untaxed:.2f}")
        self.assertEqual(invoiced["RechnungsNr"], invoice.name)
        self.assertEqual(invoiced["RechnungBetragBrutto"]["amount"], f"{invoice.amount_total:.2f}")
        self.assertEqual(invoiced["Selbstbeteiligung"]["amount"], "300.00")
        self.assertEqual(invoiced["Werkstattstatus"], "RE")
        held = requests.get(
            f"{self.standin.base_url}/api/v1/orders/{CASE_374}/status",
            auth=(SOOM_USER, SOOM_PASSWORD),
            timeout=5,
        ).json()
        self.assertEqual(held["values"], {**estimate, **invoiced})
        pdf = invoice.invoice_pdf_report_id
        self.assertEqual(
            [(doc["file_name"], doc["sha256"]) for doc in held["documents"]],
            [(pdf.name, hashlib.sha256(pdf.raw).hexdigest())],
        )
        self.assertEqual(order._soom_pending_values(), {})
        self.assertEqual(order._ig_pending_document()[0], None)
        self.assertEqual(order.processing_stage, "invoiced")
