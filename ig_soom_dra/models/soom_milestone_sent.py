# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models

from ..core.portal import MILESTONES

#: The one mapping between the milestone fields of the repair order and the
#: milestones of the portals (``core.portal.MILESTONES``; each adapter maps
#: them on to its portal's field names, SOOM's in ``core.soom.SOOM_FIELDS``).
#: Field name -> milestone key, in the order of the repair flow. SOOM's
#: "Reparaturbeginn" (key ``repair_start``) is the planned start that the
#: repair release dialog records with the expected end; the actual start
#: (``repair_started``) stays in the workshop.
MILESTONE_FIELDS = {
    "call_time": "call_time",
    "customer_reached": "customer_reached",
    "inspection_at": "inspection_at",
    "courtesy_car_class": "courtesy_car_class",
    "courtesy_car_out_at": "courtesy_car_out",
    "vehicle_received_at": "vehicle_received",
    "estimate_sent_at": "estimate_sent",
    "estimate_amount_untaxed": "estimate_net",
    "estimate_amount_total": "estimate_gross",
    "release_received": "release_received",
    "release_date": "release_date",
    "parts_ordered_at": "parts_ordered",
    "parts_complete_at": "parts_complete",
    "repair_start_planned": "repair_start",
    "repair_end_expected": "repair_end_expected",
    "repair_start_at": "repair_started",
    "work_interrupted": "work_interrupted",
    "repair_end_at": "repair_end",
    "courtesy_car_returned_at": "courtesy_car_returned",
    "vehicle_returned_at": "vehicle_returned",
    "invoice_number": "invoice_number",
    "invoice_date": "invoice_date",
    "invoice_amount_untaxed": "invoice_net",
    "invoice_amount_tax": "invoice_tax",
    "invoice_amount_total": "invoice_gross",
    "invoice_deductible": "deductible",
    "workshop_status": "workshop_status",
    "soom_notes": "internal_notes",
}
#: The estimate's amounts are its quotation's (``sale_order_id``, made by the
#: repair's "Create Quotation"), sent once the estimate was sent; the invoice
#: values are those of the last posted customer invoice of that quotation
#: (``repair.order._ig_invoice``), with the order's deductible. Of the
#: workshop status only RE (invoiced) is sent: KV and AB are what the
#: estimate and the release already tell SOOM.
#: Milestone key -> field name of the repair order.
MILESTONE_KEY_FIELDS = {key: name for name, key in MILESTONE_FIELDS.items()}
#: Keys of the milestones that are sent to the portal, in the order of the flow.
SENT_KEYS = [key for key in MILESTONE_FIELDS.values() if MILESTONES[key].sent]
#: The key that marks the invoice PDF as uploaded (a document, not a milestone).
INVOICE_DOCUMENT_KEY = "invoice_document"

if set(MILESTONE_KEY_FIELDS) != set(MILESTONES):  # pragma: no cover - a programming error
    raise ValueError("MILESTONE_FIELDS must name every milestone of core.portal.MILESTONES")


class SoomMilestoneSent(models.Model):
    """What SOOM holds for one milestone of one order: what it last received,
    or what its DRA file said.

    Written when a transmission succeeded, in the transaction that records
    the success (``soom.transmission``), and at the takeover of a DRA file
    for the values that came from the file (SOOM holds them already); the
    order compares its current values with these to show what changed and to
    build the next transmission.
    """

    _name = "soom.milestone.sent"
    _description = "Milestone Sent to SOOM"
    _order = "order_id, id"
    _rec_name = "key"

    order_id = fields.Many2one(
        "repair.order", string="Repair Order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    key = fields.Selection(
        [(key, MILESTONES[key].label_en) for key in SENT_KEYS]
        + [(INVOICE_DOCUMENT_KEY, "Invoice PDF")],
        string="Milestone",
        required=True,
    )
    value_json = fields.Text(
        string="Sent Value (JSON)",
        required=True,
        help="The value as SOOM received it (JSON; null when it was cleared).",
    )
    value_display = fields.Char(
        string="Sent Value",
        compute="_compute_value_display",
        help="The value SOOM holds, as the user reads it (time zone, language format).",
    )
    sent_at = fields.Datetime(required=True)
    sent_by_id = fields.Many2one("res.users", required=True)
    transmission_id = fields.Many2one("soom.transmission", ondelete="set null")
    source = fields.Selection(
        [("portal", "Sent to the Portal"), ("dra_file", "From the DRA File")],
        required=True,
        default="portal",
        help="Sent to the portal: a transmission of the workshop. From the DRA file: the "
        "value came with the order's DRA file, so SOOM holds it without it being sent.",
    )

    _sql_constraints = [
        (
            "order_key_uniq",
            "unique(order_id, key)",
            "A milestone is marked as sent only once per order.",
        ),
    ]

    @api.depends("order_id", "key", "value_json")
    @api.depends_context("lang", "tz")
    def _compute_value_display(self):
        for sent in self:
            if not (sent.order_id and sent.key and sent.value_json):
                sent.value_display = ""
            elif sent.key == INVOICE_DOCUMENT_KEY:
                sent.value_display = sent.order_id._ig_document_display(json.loads(sent.value_json))
            else:
                sent.value_display = sent.order_id._soom_format_json(
                    sent.key, json.loads(sent.value_json)
                )
