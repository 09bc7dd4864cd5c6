# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import logging
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

import pytz
from psycopg2.errors import UniqueViolation

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_repr, format_amount, formatLang

from ..core import stages
from ..core.matching import normalize_vin
from ..core.portal import MILESTONES, Money, PortalError, from_payload, to_payload
from ..formatting import format_local_date, format_local_datetime, local_date, local_tz_name
from .soom_milestone_sent import (
    INVOICE_DOCUMENT_KEY,
    MILESTONE_FIELDS,
    MILESTONE_KEY_FIELDS,
    SENT_KEYS,
)

_logger = logging.getLogger(__name__)

#: When a repair counts as released without objection, after the estimate was sent.
RELEASE_DELAY = timedelta(hours=24)
#: The activity type of the reminder of the implicit repair release.
RELEASE_ACTIVITY = "ig_soom_dra.mail_activity_type_release_due"
#: Workshop status of an order (KV, AB, RE), also offered by the DRA assistant.
WORKSHOP_STATUSES = [
    ("kv", "KV – Cost Estimate"),
    ("ab", "AB – Order Confirmed"),
    ("re", "RE – Invoiced"),
]
#: Field of the order for each input of ``core.stages``: a milestone key names
#: its milestone's field, the other inputs (workshop status, state) are fields.
#: A broker order "has its DRA file" once a file was taken over (its name is kept).
STAGE_FIELDS = {
    key: {"broker": "broker_id", "dra_file": "dra_filename"}.get(
        key, MILESTONE_KEY_FIELDS.get(key, key)
    )
    for key in stages.STAGE_INPUTS
}
#: The same for the dates ``core.stages`` finds the next date due among; the
#: next activity's deadline is no field, it is passed as ``activity_at``.
DUE_FIELDS = {
    key: MILESTONE_KEY_FIELDS.get(key, key)
    for key in stages.DUE_INPUTS.values()
    if key != "activity_at"
}
#: How long the calendar event of an inspection appointment lasts.
INSPECTION_DURATION = timedelta(hours=1)
#: Processing stages after the repair: their kanban columns are folded while empty.
FOLDED_WHEN_EMPTY = ("repaired", "handed_back", "invoiced")
#: Party role of the DRA file -> field of the repair order holding its contact.
#: The customer is the order's own ``partner_id``.
PARTY_ROLE_FIELDS = {
    "Absender": "sender_partner_id",
    "Kunde": "partner_id",
    "Versicherung": "insurer_partner_id",
    "Schadenvermittler": "broker_partner_id",
    "Gutachter": "assessor_partner_id",
    "Leasinggeber": "lessor_partner_id",
    "Fahrzeughalter": "keeper_partner_id",
    "Fahrzeugfahrer": "driver_partner_id",
}


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "ig.repair.order.data"]

    # Broker and order data (declared by ig.repair.order.data)
    broker_id = fields.Many2one(index=True, tracking=True, ondelete="restrict", check_company=True)
    broker_color = fields.Char(related="broker_id.color")
    broker_short_label = fields.Char(related="broker_id.short_label")
    broker_text_color = fields.Char(related="broker_id.text_color")
    broker_order_ref = fields.Char(index=True, tracking=True)
    cover_type = fields.Selection(tracking=True)
    policy_number = fields.Char(tracking=True)
    claim_number = fields.Char(tracking=True)
    workshop_status = fields.Selection(
        WORKSHOP_STATUSES,
        tracking=True,
        copy=False,
        help="KV: cost estimate stage, the first status of an imported order. "
        "AB: repair released, order confirmed. RE: invoiced.",
    )

    # Parties by role (the customer is partner_id)
    sender_partner_id = fields.Many2one("res.partner", string="Sender", check_company=True)
    insurer_partner_id = fields.Many2one("res.partner", string="Insurer", check_company=True)
    broker_partner_id = fields.Many2one(
        "res.partner", string="Claims Broker Contact", check_company=True
    )
    assessor_partner_id = fields.Many2one("res.partner", string="Assessor", check_company=True)
    lessor_partner_id = fields.Many2one("res.partner", string="Lessor", check_company=True)
    keeper_partner_id = fields.Many2one(
        "res.partner", string="Registered Keeper", check_company=True
    )
    driver_partner_id = fields.Many2one("res.partner", string="Driver", check_company=True)

    # Vehicle: the record, or only the order's vehicle data while there is none
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, tracking=True, check_company=True)

    # The source file and the documents (wizards/dra_document_print.py, report/)
    dra_file = fields.Binary(string="DRA File", attachment=True, copy=False)
    dra_filename = fields.Char(string="DRA File Name", copy=False)
    ig_has_service_agreement = fields.Boolean(
        compute="_compute_ig_has_service_agreement",
        string="Has Service Agreement",
        help="A service agreement (Leistungsvereinbarung) of the broker is attached.",
    )
    service_agreement_signed_at = fields.Datetime(
        string="Service Agreement Signed",
        tracking=True,
        copy=False,
        help="When the service agreement (Leistungsvereinbarung) signed by the customer "
        "came back, filed from a scan (Scans zuordnen) or entered by hand.",
    )
    ig_parts_service_email = fields.Char(
        compute="_compute_ig_parts_service_email",
        string="Parts Service E-mail",
        help="Address of the broker's parts service, from the broker's portal connection; "
        "the parts order form is sent there.",
    )

    # Milestones ("Bearbeitungsstatus"), sent to SOOM by the SOOM dialog only
    # (soom.send.wizard), when a person presses its button
    call_time = fields.Datetime(
        tracking=True, copy=False, help="When the workshop called the customer."
    )
    customer_reached = fields.Boolean(
        tracking=True, copy=False, help="The workshop reached the customer by phone."
    )
    inspection_at = fields.Datetime(string="Inspection Appointment", tracking=True, copy=False)
    inspection_event_id = fields.Many2one(
        "calendar.event",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The inspection appointment in the calendar, with the customer as attendee; "
        "created and moved by the appointment assistant.",
    )
    vehicle_arrival = fields.Selection(
        [
            ("pickup", "Picked up by the workshop"),
            ("customer_brings", "Customer brings it"),
            ("customer_leaves", "Customer leaves it at the workshop"),
        ],
        string="How the Car Comes",
        tracking=True,
        copy=False,
    )
    courtesy_car_out_at = fields.Datetime(
        string="Courtesy Car Handed Out", tracking=True, copy=False
    )
    vehicle_received_at = fields.Datetime(string="Vehicle Received", tracking=True, copy=False)
    estimate_sent_at = fields.Datetime(
        string="Estimate Sent",
        tracking=True,
        copy=False,
        help="When the cost estimate was sent to the insurer.",
    )
    ig_estimate_currency_id = fields.Many2one(
        "res.currency",
        string="Estimate Currency",
        compute="_compute_ig_estimate",
        compute_sudo=True,
    )
    estimate_amount_untaxed = fields.Monetary(
        string="Estimate Amount (Net)",
        compute="_compute_ig_estimate",
        compute_sudo=True,
        currency_field="ig_estimate_currency_id",
        help="Untaxed amount of the order's quotation, sent to SOOM once the estimate was sent.",
    )
    estimate_amount_total = fields.Monetary(
        string="Estimate Amount (Gross)",
        compute="_compute_ig_estimate",
        compute_sudo=True,
        currency_field="ig_estimate_currency_id",
        help="Total of the order's quotation, sent to SOOM once the estimate was sent.",
    )
    release_due_at = fields.Datetime(
        string="Implicit Release Due",
        compute="_compute_release_due_at",
        store=True,
        help="24 hours after the estimate was sent: without objection, the repair "
        "counts as released then.",
    )
    release_received = fields.Boolean(
        string="Technical Release Received", tracking=True, copy=False
    )
    release_date = fields.Date(tracking=True, copy=False)
    parts_ordered_at = fields.Datetime(string="Parts Ordered", tracking=True, copy=False)
    parts_complete_at = fields.Datetime(string="Parts Complete", tracking=True, copy=False)
    repair_start_planned = fields.Datetime(
        string="Planned Repair Start",
        tracking=True,
        copy=False,
        help="Recorded with the repair release; sent to SOOM as the repair start "
        "(Reparaturbeginn).",
    )
    repair_end_expected = fields.Datetime(string="Expected Repair End", tracking=True, copy=False)
    repair_start_at = fields.Datetime(
        string="Repair Started",
        tracking=True,
        copy=False,
        help="When the repair actually started; set when the repair is started in Odoo.",
    )
    work_interrupted = fields.Boolean(tracking=True, copy=False)
    repair_end_at = fields.Datetime(string="Repair End", tracking=True, copy=False)
    courtesy_car_returned_at = fields.Datetime(
        string="Courtesy Car Returned", tracking=True, copy=False
    )
    vehicle_returned_at = fields.Datetime(string="Vehicle Handed Back", tracking=True, copy=False)
    ig_invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        compute="_compute_ig_invoice",
        compute_sudo=True,
        help="The last posted customer invoice of the order's quotation: its values "
        "and PDF are what the SOOM dialog offers.",
    )
    ig_invoice_count = fields.Integer(
        string="Posted Invoices", compute="_compute_ig_invoice", compute_sudo=True
    )
    ig_invoice_currency_id = fields.Many2one(
        "res.currency", string="Invoice Currency", compute="_compute_ig_invoice", compute_sudo=True
    )
    invoice_number = fields.Char(compute="_compute_ig_invoice", compute_sudo=True)
    invoice_date = fields.Date(compute="_compute_ig_invoice", compute_sudo=True)
    invoice_amount_untaxed = fields.Monetary(
        string="Invoice Amount (Net)",
        compute="_compute_ig_invoice",
        compute_sudo=True,
        currency_field="ig_invoice_currency_id",
    )
    invoice_amount_tax = fields.Monetary(
        string="Invoice VAT",
        compute="_compute_ig_invoice",
        compute_sudo=True,
        currency_field="ig_invoice_currency_id",
    )
    invoice_amount_total = fields.Monetary(
        string="Invoice Amount (Gross)",
        compute="_compute_ig_invoice",
        compute_sudo=True,
        currency_field="ig_invoice_currency_id",
    )
    ig_invoice_deductible_currency_id = fields.Many2one(
        "res.currency",
        string="Invoice Deductible Currency",
        compute="_compute_ig_invoice",
        compute_sudo=True,
    )
    invoice_deductible = fields.Monetary(
        string="Deductible (Invoice)",
        compute="_compute_ig_invoice",
        compute_sudo=True,
        currency_field="ig_invoice_deductible_currency_id",
        help="The deductible of the DRA file, sent to SOOM with the invoice.",
    )
    soom_notes = fields.Text(
        string="Internal Notes for SOOM", copy=False, help="Sent to SOOM as internal notes."
    )
    soom_sent_ids = fields.One2many(
        "soom.milestone.sent", "order_id", string="Milestones Sent to SOOM"
    )
    soom_transmission_ids = fields.One2many(
        "soom.transmission", "order_id", string="SOOM Transmissions"
    )
    soom_transmission_count = fields.Integer(compute="_compute_soom_transmission_count")
    soom_status_html = fields.Html(
        string="Processing Status", compute="_compute_soom_status_html", sanitize=False
    )

    # Broker kanban: the processing stage derived from the milestones
    # (core/stages.py), the next date due and the SOOM state of the card
    processing_stage = fields.Selection(
        stages.STAGES,
        compute="_compute_processing_stage",
        store=True,
        index=True,
        group_expand=True,
        help="Where the order is in the repair flow, derived from its milestones and its "
        "workshop status; it moves when they change and cannot be set by hand.",
    )
    ig_next_due_at = fields.Datetime(
        string="Next Date Due",
        compute="_compute_ig_next_due",
        help="The earliest date still ahead: inspection, repair release, repair start, "
        "expected repair end or the next activity.",
    )
    ig_next_due_display = fields.Char(string="Next Due", compute="_compute_ig_next_due")
    soom_sync_state = fields.Selection(
        [
            ("up_to_date", "Up to Date"),
            ("changes_not_sent", "Changes Not Sent"),
            ("failed", "Last Send Failed"),
        ],
        string="SOOM State",
        compute="_compute_soom_sync_state",
        help="Up to date: SOOM holds the order's current milestones. Changes not sent: "
        "values changed since they were last sent. Last send failed: values are not "
        "sent and the last transmission failed. Empty for orders without a SOOM case.",
    )

    _sql_constraints = [
        (
            "broker_order_ref_uniq",
            "unique(company_id, broker_id, broker_order_ref)",
            "An order of this claims broker with this order number already exists.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_ig_has_service_agreement(self):
        agreements = self.env["ir.attachment"]._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("res_field", "=", False),
                ("dra_document_type", "=", "Leistungsvereinbarung"),
            ],
            ["res_id"],
        )
        order_ids = {res_id for (res_id,) in agreements}
        for order in self:
            order.ig_has_service_agreement = order.id in order_ids

    @api.depends("broker_id", "company_id")
    def _compute_ig_parts_service_email(self):
        connections = self.env["dra.broker.connection"].search(
            [
                ("broker_id", "in", self.broker_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        emails = {
            (connection.broker_id, connection.company_id): connection.parts_service_email
            for connection in connections
        }
        for order in self:
            email = emails.get((order.broker_id, order.company_id))
            order.ig_parts_service_email = (email or "").strip()

    @api.depends("estimate_sent_at")
    def _compute_release_due_at(self):
        for order in self:
            order.release_due_at = (
                order.estimate_sent_at + RELEASE_DELAY if order.estimate_sent_at else False
            )

    @api.depends(
        "estimate_sent_at",
        "sale_order_id.state",
        "sale_order_id.amount_untaxed",
        "sale_order_id.amount_total",
        "sale_order_id.currency_id",
    )
    def _compute_ig_estimate(self):
        for order in self:
            quotation = order.sale_order_id
            known = order.estimate_sent_at and quotation and quotation.state != "cancel"
            order.ig_estimate_currency_id = quotation.currency_id if known else False
            order.estimate_amount_untaxed = quotation.amount_untaxed if known else 0.0
            order.estimate_amount_total = quotation.amount_total if known else 0.0

    @api.depends(
        "sale_order_id.invoice_ids.state",
        "sale_order_id.invoice_ids.name",
        "sale_order_id.invoice_ids.invoice_date",
        "sale_order_id.invoice_ids.amount_total",
        "deductible",
        "deductible_currency_id",
    )
    def _compute_ig_invoice(self):
        for order in self:
            invoices = order._ig_posted_invoices()
            invoice = invoices[-1:]
            order.ig_invoice_id = invoice
            order.ig_invoice_count = len(invoices)
            order.ig_invoice_currency_id = invoice.currency_id
            order.invoice_number = invoice.name if invoice else False
            order.invoice_date = invoice.invoice_date
            order.invoice_amount_untaxed = invoice.amount_untaxed
            order.invoice_amount_tax = invoice.amount_tax
            order.invoice_amount_total = invoice.amount_total
            order.ig_invoice_deductible_currency_id = (
                order.deductible_currency_id if invoice else False
            )
            order.invoice_deductible = order.deductible if invoice else 0.0

    @api.depends("soom_transmission_ids")
    def _compute_soom_transmission_count(self):
        for order in self:
            order.soom_transmission_count = len(order.soom_transmission_ids)

    @api.depends(
        *MILESTONE_FIELDS,
        "soom_sent_ids.value_json",
        "soom_sent_ids.sent_at",
        "soom_sent_ids.sent_by_id",
    )
    @api.depends_context("lang", "tz")
    def _compute_soom_status_html(self):
        for order in self:
            order.soom_status_html = self.env["ir.qweb"]._render(
                "ig_soom_dra.soom_status_table", {"lines": order._soom_milestone_lines()}
            )

    @api.depends(*STAGE_FIELDS.values())
    def _compute_processing_stage(self):
        for order in self:
            order.processing_stage = stages.processing_stage(
                {key: order[name] for key, name in STAGE_FIELDS.items()}
            )

    @api.depends(
        *STAGE_FIELDS.values(),
        *DUE_FIELDS.values(),
        "activity_ids.date_deadline",
    )
    @api.depends_context("lang", "tz")
    def _compute_ig_next_due(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        labels = {
            "inspection_at": _("Inspection"),
            "release_due": _("Release due"),
            "repair_start": _("Planned repair start"),
            "repair_end_expected": _("Expected repair end"),
            "activity": _("Activity"),
        }
        for order in self:
            values = {key: order[name] for key, name in {**STAGE_FIELDS, **DUE_FIELDS}.items()}
            values["activity_at"] = order._ig_activity_due_at(today)
            due = stages.next_due(values, now)
            if not due:
                order.ig_next_due_at = False
                order.ig_next_due_display = False
                continue
            kind, when = due
            if kind == "activity":
                shown = format_local_date(order.env, when)
            else:
                shown = format_local_datetime(order.env, when, seconds=False)
            order.ig_next_due_at = when
            order.ig_next_due_display = f"{labels[kind]}: {shown}"

    @api.depends(
        "soom_case_id",
        *MILESTONE_FIELDS,
        "soom_sent_ids.value_json",
        "soom_transmission_ids.state",
        "sale_order_id.invoice_ids.state",
    )
    def _compute_soom_sync_state(self):
        """The SOOM state of the order's card (see the field's help).

        Pending transmissions (under way) are not results: the last finished
        one counts.
        """
        last = {}
        order_ids = [order_id for order_id in self.ids if order_id]
        if order_ids:
            for transmission in (
                self.env["soom.transmission"]
                .sudo()
                .search(
                    [("order_id", "in", order_ids), ("state", "in", ("success", "failed"))],
                    order="sent_at desc, id desc",
                )
            ):
                last.setdefault(transmission.order_id.id, transmission.state)
        for order in self:
            if not order.soom_case_id:
                order.soom_sync_state = False
            elif not order._soom_pending_values() and not order._ig_document_pending():
                order.soom_sync_state = "up_to_date"
            elif last.get(order.id) == "failed":
                order.soom_sync_state = "failed"
            else:
                order.soom_sync_state = "changes_not_sent"

    # ------------------------------------------------------------------
    # ORM methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered("estimate_sent_at")._soom_sync_release_reminder()
        return orders

    def write(self, vals):
        result = super().write(vals)
        if {"estimate_sent_at", "release_received"} & set(vals):
            self._soom_sync_release_reminder()
        return result

    # ------------------------------------------------------------------
    # Mail gateway: the broker's order e-mail (alias on dra.broker)
    # ------------------------------------------------------------------

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """Route an e-mail to a broker's alias by the order its subject names.

        The alias (and the broker's sender addresses, ``dra.broker._alias_get_error``)
        are checked first. Then: an order of the broker with that number in the
        broker's company of e-mailed orders gets the e-mail in its chatter; an
        unknown number creates the draft order (``message_new``); a subject that
        names no order creates nothing and files the e-mail on the broker.
        """
        route = super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )
        if not route or route[0] != self._name or route[1] or not route[4]:
            return route
        alias = route[4].sudo()
        if alias.alias_parent_model_id.model != "dra.broker":
            return route
        broker = self.env["dra.broker"].sudo().browse(alias.alias_parent_thread_id).exists()
        if not broker:
            return route
        subject = broker._order_mail_subject(message_dict.get("subject"))
        if not subject:
            _logger.info(
                "Order e-mail %s to the claims broker %s names no order: filed on the broker",
                message_dict.get("message_id"),
                broker.code,
            )
            broker._message_log(
                body=_(
                    "This e-mail names no order in its subject (the subject pattern of the "
                    "claims broker does not match): no order was created. Subject: %s",
                    message_dict.get("subject") or "",
                )
            )
            return ("dra.broker", broker.id, {}, route[3], route[4])
        company = broker.order_mail_company_id or broker.company_id or self.env.company
        order = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("broker_id", "=", broker.id),
                ("broker_order_ref", "=", subject.number),
            ],
            limit=1,
        )
        if order:
            order._ig_drop_known_attachments(message_dict)
            return (self._name, order.id, route[2], route[3], route[4])
        values = {
            "broker_id": broker.id,
            "company_id": company.id,
            "broker_order_ref": subject.number,
            "vehicle_plate": subject.plate or False,
        }
        return (self._name, False, values, route[3], route[4])

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """The draft order of a broker's order e-mail whose number is new (state
        "DRA File Missing"): number and plate from the subject, no customer yet.

        When the same order was created at the same moment (another e-mail, a
        takeover), the e-mail is filed on the broker with a note instead: nothing
        half-created, nothing lost.
        """
        values = dict(custom_values or {})
        if not (values.get("broker_id") and values.get("broker_order_ref")):
            return super().message_new(msg_dict, custom_values)
        company = self.env["res.company"].browse(values["company_id"])
        values.setdefault("partner_id", False)
        try:
            with self.env.cr.savepoint():
                return self.with_company(company).create(values)
        except UniqueViolation:
            broker = self.env["dra.broker"].browse(values["broker_id"])
            broker._message_log(
                body=_(
                    "Order %s was created at the same moment in another way (a takeover or "
                    "another e-mail). This e-mail is filed here: forward it to that order.",
                    values["broker_order_ref"],
                )
            )
            return broker

    def _ig_drop_known_attachments(self, message_dict):
        """Leave out of an incoming e-mail the attachments the order holds already
        (byte for byte): a re-sent order e-mail adds its text, not the same PDF again."""
        self.ensure_one()
        attachments = message_dict.get("attachments") or []
        if not attachments:
            return

        def checksum(attachment):
            content = attachment.content
            if isinstance(content, str):
                content = content.encode((attachment.info or {}).get("encoding") or "utf-8")
            return hashlib.sha1(content or b"").hexdigest()

        sums = [checksum(attachment) for attachment in attachments]
        known = set(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("checksum", "in", sums),
                ]
            )
            .mapped("checksum")
        )
        message_dict["attachments"] = [
            attachment
            for attachment, digest in zip(attachments, sums, strict=True)
            if digest not in known
        ]

    def _message_post_after_hook(self, message, msg_values):
        """The PDFs of a broker's order e-mail are its order form."""
        result = super()._message_post_after_hook(message, msg_values)
        if (
            self.env.context.get("from_alias")
            and self.broker_id
            and self.broker_id.sudo()._order_mail_sender_allowed(message.email_from)
        ):
            message.attachment_ids.sudo().filtered(
                lambda attachment: (
                    attachment.mimetype == "application/pdf" and not attachment.dra_document_type
                )
            ).dra_document_type = "Auftragsformular"
        return result

    @api.model
    def _web_read_group(self, domain, fields, groupby, *args, **kwargs):
        """Fold the kanban columns of the late processing stages while they are empty."""
        groups = super()._web_read_group(domain, fields, groupby, *args, **kwargs)
        if groupby and groupby[0] == "processing_stage":
            for group in groups:
                count = group.get("processing_stage_count", group.get("__count"))
                if group["processing_stage"] in FOLDED_WHEN_EMPTY and not count:
                    group["__fold"] = True
        return groups

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_vehicle(self):
        """Create (or link, when the VIN is known) the vehicle from the order's data."""
        self.ensure_one()
        if self.vehicle_id:
            raise UserError(_("The order already has a vehicle."))
        vin = normalize_vin(self.vehicle_vin)
        if not vin:
            raise UserError(_("Enter the VIN (Fgst.-Nr.) in the vehicle data of the order first."))
        vehicle, _created = self.env["fleet.vehicle"]._ig_find_or_create(
            {**self._ig_vehicle_data(), "vin": vin}, self.company_id
        )
        self.vehicle_id = vehicle
        self._ig_log_note(_("Vehicle %s linked to the order.", vehicle.display_name))
        return True

    def action_ig_upload_dra(self):
        """DRA-Datei hochladen: the takeover assistant for the order's DRA file.

        The assistant proposes this order for a file with its broker order
        number and updates it; a second order is never created.
        """
        self.ensure_one()
        self.check_access("write")
        return self._ig_takeover_assistant()

    def action_ig_fetch_dra(self):
        """DRA-Datei von SOOM holen: download the order's DRA file from the broker's
        portal and open the takeover assistant with it.

        Only an order the workshop accepted in the portal offers its file. An
        order still new there is not accepted here (that is the person's
        decision): the list of new orders opens with it, where *Annehmen und
        übernehmen* accepts it. The download is logged like every exchange.
        """
        self.ensure_one()
        self.check_access("write")
        if not (self.broker_id and self.broker_order_ref):
            raise UserError(_("The order has no claims broker order number."))
        connection = self.env["dra.broker.connection"]._find(self.broker_id, self.company_id)
        Fetch = self.env["soom.fetch.wizard"]
        Takeover = self.env["dra.import.wizard"]
        data = None
        try:
            with connection._portal_client() as client:
                portal_order = client.find_order(self.broker_order_ref)
                if portal_order and portal_order.status == "accepted":
                    data = self.env["soom.transmission"]._exchange(
                        connection,
                        "download",
                        portal_order.case_id,
                        lambda: client.download_dra(
                            portal_order.case_id, max_size=Takeover._max_file_size()
                        ),
                        summary=self.broker_order_ref,
                    )
        except PortalError as error:
            raise Fetch._portal_failure(error, connection) from error
        if not portal_order:
            raise UserError(
                _(
                    "The portal %(portal)s has no order %(number)s. Check the order number, "
                    "or upload the DRA file.",
                    portal=connection.display_name,
                    number=self.broker_order_ref,
                )
            )
        if portal_order.status == "new":
            return Fetch._show_orders(connection, [portal_order])
        if data is None:
            raise UserError(
                _(
                    "Order %s was declined in the portal: it offers no DRA file.",
                    self.broker_order_ref,
                )
            )
        upload = Takeover._store_upload(f"KSR{self.broker_order_ref}.xml", data)
        return self._ig_takeover_assistant(upload)

    def action_ig_print_service_agreement(self):
        """Open the service agreement, followed by the order's barcode page."""
        self.ensure_one()
        agreements = self._ig_documents("Leistungsvereinbarung")
        if not agreements:
            raise UserError(_("The order %s has no service agreement.", self.name))
        wizard = self.env["dra.document.print"].create({"order_id": self.id})
        wizard.line_ids.selected = False
        wizard.line_ids.filtered(lambda line: line.attachment_id in agreements).selected = True
        return wizard.action_print()

    def action_ig_send_parts_form(self):
        """Open the e-mail composer with the parts order form for the parts service."""
        self.ensure_one()
        if not self.ig_parts_service_email:
            raise UserError(
                _(
                    "Enter the e-mail address of the parts service in the portal connection "
                    "of the claims broker first."
                )
            )
        template = self.env.ref("ig_soom_dra.mail_template_parts_form", raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Parts Order Form"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id if template else False,
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_repair_start(self):
        """Start the repair in Odoo; the actual repair start is recorded unless already known."""
        result = super().action_repair_start()
        self.filtered(
            lambda order: not order.repair_start_at
        ).repair_start_at = fields.Datetime.now()
        return result

    def action_soom_send(self):
        """Open the SOOM dialog: the values that differ from what SOOM holds."""
        self.ensure_one()
        self.check_access("write")
        self._ig_connection()
        wizard = self.env["soom.send.wizard"].create({"order_id": self.id})
        wizard._fill_lines()
        return wizard._reopen()

    def action_soom_open_portal(self):
        """Open the case in the broker's portal, in a new tab."""
        self.ensure_one()
        with self._ig_connection()._portal_client() as client:
            url = client.case_url(self.soom_case_id)
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def action_soom_appointment(self):
        """Open the appointment assistant."""
        return self._soom_wizard_action("soom.appointment.wizard", _("Appointment Assistant"))

    def action_soom_release(self):
        """Open the repair release dialog."""
        return self._soom_wizard_action("soom.release.wizard", _("Repair Release"))

    def action_view_soom_transmissions(self):
        """The SOOM transmissions of the order."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ig_soom_dra.soom_transmission_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _ig_keep_dra_file(self, upload):
        """Keep an uploaded DRA file (an attachment) as the order's DRA file.

        The attachment itself moves onto the order's field, so that a file
        of many megabytes is neither read nor copied again; an earlier DRA
        file of the order is replaced.
        """
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_field", "=", "dra_file"),
                ("res_id", "=", self.id),
            ]
        ).unlink()
        upload.sudo().write({"res_model": self._name, "res_field": "dra_file", "res_id": self.id})
        self.invalidate_recordset(["dra_file"])

    def _ig_takeover_assistant(self, upload=None):
        """The takeover assistant for this order's company and broker; with ``upload``
        (an uploaded DRA file) it is loaded at once."""
        self.ensure_one()
        Takeover = self.env["dra.import.wizard"]
        takeover = Takeover.create(
            {
                "company_id": self.company_id.id,
                "broker_id": self.broker_id.id,
                "dra_attachment_id": upload.id if upload else False,
            }
        )
        if upload:
            takeover.action_load_file()
        return takeover._reopen()

    def _ig_documents(self, document_type=None):
        """The documents attached to the order, optionally of one DRA document type."""
        self.ensure_one()
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
            ("res_field", "=", False),
        ]
        if document_type:
            domain.append(("dra_document_type", "=", document_type))
        return self.env["ir.attachment"].search(domain, order="id")

    def _ig_parts_lines(self):
        """The parts of the order for the parts order form, in order."""
        self.ensure_one()
        return self.move_ids.filtered(lambda move: move.repair_line_type == "add").sorted(
            lambda move: (move.sequence, move.id)
        )

    def _ig_parts_customer_number(self):
        """The customer number of the parts order form: the workshop's number with the
        broker (from the portal connection) when it has one, else the customer's reference.

        Never the database id: a parts service cannot know that number.
        """
        self.ensure_one()
        connection = self.env["dra.broker.connection"].search(
            [("broker_id", "=", self.broker_id.id), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        return (connection.customer_number or "").strip() or self.partner_id.ref or ""

    def _ig_connection(self):
        """The portal connection of the order's broker for the order's company."""
        self.ensure_one()
        if not self.soom_case_id:
            raise UserError(_("The order has no SOOM case ID."))
        if not self.broker_id:
            raise UserError(_("The order has no claims broker."))
        return self.env["dra.broker.connection"]._find(self.broker_id, self.company_id)

    def _ig_log_note(self, body):
        """Note ``body`` in the chatter as the current user, who needs no e-mail address."""
        self.ensure_one()
        return self._message_log(body=body, message_type="comment")

    def _ig_activity_due_at(self, today):
        """End of the day of the next activity from today on, as naive UTC.

        Activities are due on a day of the user's time zone: one due today
        is still ahead until that day ends.
        """
        self.ensure_one()
        deadlines = [day for day in self.activity_ids.mapped("date_deadline") if day >= today]
        if not deadlines:
            return False
        tz = pytz.timezone(local_tz_name(self.env))
        local_end = tz.localize(datetime.combine(min(deadlines), time(23, 59, 59)))
        return local_end.astimezone(pytz.utc).replace(tzinfo=None)

    def _soom_value(self, key, sent=None):
        """The current value of a milestone as ``core.soom`` takes it; ``None`` when empty.

        A ticked box is ``True``. An unticked one is ``False`` when it says
        something (the customer was called but not reached, or SOOM holds a
        value for it), otherwise empty.
        """
        self.ensure_one()
        kind = MILESTONES[key].kind
        name = MILESTONE_KEY_FIELDS[key]
        value = self[name]
        if key == "workshop_status":
            return "RE" if value == "re" else None
        if kind == "money":
            currency = self[self._fields[name].get_currency_field(self)]
            if not currency:
                return None
            return Money(Decimal(float_repr(value, currency.decimal_places)), currency.name)
        if kind == "bool":
            if sent is None:
                sent = self._soom_sent_by_key()
            meaningful = (key == "customer_reached" and self.call_time) or (
                key in sent and sent[key].value_json != "null"
            )
            return True if value else (False if meaningful else None)
        if not value:
            return None
        if kind == "datetime":
            return value.replace(tzinfo=timezone.utc)
        return value

    def _soom_sent_by_key(self):
        """What SOOM last received, as ``{milestone key: soom.milestone.sent}``."""
        self.ensure_one()
        return {sent.key: sent for sent in self.sudo().soom_sent_ids}

    def _soom_current_payload(self):
        """``{milestone key: JSON value}`` of every sent milestone as SOOM would get it now."""
        self.ensure_one()
        sent = self._soom_sent_by_key()
        return {key: to_payload({key: self._soom_value(key, sent)})[key] for key in SENT_KEYS}

    def _soom_pending_values(self):
        """``{milestone key: JSON value}`` of the values that differ from what SOOM holds."""
        self.ensure_one()
        sent = self._soom_sent_by_key()
        return {
            key: value
            for key, value in self._soom_current_payload().items()
            if value != (json.loads(sent[key].value_json) if key in sent else None)
        }

    def _soom_label(self, key):
        """The (translated) label of a milestone: the string of its field."""
        return self._fields[MILESTONE_KEY_FIELDS[key]]._description_string(self.env)

    def _soom_format(self, kind, value):
        """A milestone value (Odoo's: naive UTC date-times) as the user reads it."""
        if value is None or (value is False and kind != "bool"):
            return "–"
        if kind == "datetime":
            return format_local_datetime(self.env, value)
        if kind == "date":
            return format_local_date(self.env, value)
        if kind == "bool":
            return _("Yes") if value else _("No")
        if kind == "money":
            currency = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", value.currency)], limit=1)
            )
            if not currency:
                return f"{value.amount:f} {value.currency}"
            return format_amount(self.env, float(value.amount), currency)
        return value

    def _soom_format_json(self, key, json_value):
        """A value as SOOM receives it (JSON) as the user reads it."""
        milestone = MILESTONES[key]
        if json_value is None:
            return "–"
        value = from_payload({key: json_value})[key]
        if milestone.kind == "datetime":
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return self._soom_format(milestone.kind, value)

    def _soom_milestone_lines(self):
        """Per milestone: label, current and sent value, sent at, by, and state.

        State: ``local`` (kept in the workshop, never sent), ``not_sent``,
        ``sent`` (SOOM holds the current value), ``from_soom`` (SOOM holds
        it: it came with the DRA file) or ``changed`` (changed since).
        """
        self.ensure_one()
        sent = self._soom_sent_by_key()
        current = self._soom_current_payload()
        lines = []
        for key, milestone in ((key, MILESTONES[key]) for key in MILESTONE_FIELDS.values()):
            line = {"key": key, "label": self._soom_label(key)}
            record = sent.get(key)
            if not milestone.sent:
                value = self[MILESTONE_KEY_FIELDS[key]]
                line.update(
                    value=self._soom_format(milestone.kind, value),
                    state="local",
                    sent_value="",
                    sent_at="",
                    sent_by="",
                )
            else:
                line.update(
                    value=self._soom_format_json(key, current[key]),
                    sent_value=record.value_display if record else "",
                    sent_at=format_local_datetime(self.env, record.sent_at) if record else "",
                    sent_by=record.sent_by_id.name if record else "",
                )
                if not record:
                    line["state"] = "not_sent"
                elif json.loads(record.value_json) != current[key]:
                    line["state"] = "changed"
                elif record.source == "dra_file":
                    line["state"] = "from_soom"
                else:
                    line["state"] = "sent"
            lines.append(line)
        document_line = self._ig_document_status_line(sent.get(INVOICE_DOCUMENT_KEY))
        if document_line:
            lines.append(document_line)
        return lines

    def _ig_document_pending(self):
        """Whether SOOM lacks the invoice PDF (never uploaded, or changed since),
        without rendering it."""
        self.ensure_one()
        line = self._ig_document_status_line(self._soom_sent_by_key().get(INVOICE_DOCUMENT_KEY))
        return bool(line) and line["state"] != "sent"

    def _ig_document_status_line(self, record):
        """The status table's line of the invoice PDF (see ``_soom_milestone_lines``),
        or ``None`` when there is no invoice and nothing was uploaded. The PDF
        is not rendered here: before the dialog made it, the line says so."""
        if not self.ig_invoice_id and not record:
            return None
        current = self._ig_invoice_document(render=False)
        held = json.loads(record.value_json) if record else None
        if not held:
            state = "not_sent"
        elif current and held.get("sha256") == current["sha256"]:
            state = "sent"
        else:
            state = "changed"
        return {
            "key": INVOICE_DOCUMENT_KEY,
            "label": _("Invoice PDF"),
            "value": self._ig_document_display(current) if current else "–",
            "sent_value": record.value_display if record else "",
            "sent_at": format_local_datetime(self.env, record.sent_at) if record else "",
            "sent_by": record.sent_by_id.name if record else "",
            "state": state,
        }

    def _soom_mark_sent(self, values, transmission):
        """Mark ``{milestone key: JSON value}`` as received by SOOM (after a success)."""
        self.ensure_one()
        Sent = self.env["soom.milestone.sent"].sudo()
        sent = self._soom_sent_by_key()
        now = fields.Datetime.now()
        for key, value in values.items():
            data = {
                "value_json": json.dumps(value),
                "sent_at": now,
                "sent_by_id": transmission.user_id.id,
                "transmission_id": transmission.id,
                "source": "portal",
            }
            if key in sent:
                sent[key].write(data)
            else:
                Sent.create({**data, "order_id": self.id, "key": key})

    def _soom_mark_from_dra_file(self, field_names):
        """Mark the milestones that the DRA file filled (``field_names``) as held by SOOM.

        SOOM wrote the file: its values are SOOM's already and not pending
        (e.g. the courtesy car class). They are recorded with their source,
        the file, by the user who took it over, at the takeover.
        """
        self.ensure_one()
        Sent = self.env["soom.milestone.sent"].sudo()
        sent = self._soom_sent_by_key()
        current = self._soom_current_payload()
        now = fields.Datetime.now()
        for name in field_names:
            key = MILESTONE_FIELDS.get(name)
            if key not in SENT_KEYS or key == "workshop_status" or current[key] is None:
                continue
            data = {
                "value_json": json.dumps(current[key]),
                "sent_at": now,
                "sent_by_id": self.env.uid,
                "transmission_id": False,
                "source": "dra_file",
            }
            if key in sent:
                sent[key].write(data)
            else:
                Sent.create({**data, "order_id": self.id, "key": key})

    # ---- estimate and invoice ------------------------------------------

    def _ig_posted_invoices(self):
        """The posted customer invoices of the order's quotation, oldest first."""
        self.ensure_one()
        return (
            self.sudo()
            .sale_order_id.invoice_ids.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            .sorted(lambda move: (move.invoice_date or fields.Date.today(), move.id))
        )

    def _ig_invoice_pdf(self, render=True):
        """The PDF of the order's invoice: ``(file name, bytes)``, or ``(False, False)``.

        It is the invoice's own PDF as Odoo keeps it (made by "Send & Print"
        or "Print"); an invoice without one gets it here (unless ``render``
        is false), rendered with Odoo's invoice report and kept on the
        invoice as Odoo does, so that what the dialog shows is what goes and
        what is marked as sent.
        """
        self.ensure_one()
        invoice = self.ig_invoice_id.sudo()
        if not invoice or not (render or invoice.invoice_pdf_report_id):
            return False, False
        if not invoice.invoice_pdf_report_id:
            content, _kind = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("account.account_invoices", invoice.ids)
            )
            self.env["ir.attachment"].sudo().create(
                {
                    "name": invoice._get_invoice_report_filename(),
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": invoice._name,
                    "res_id": invoice.id,
                    "res_field": "invoice_pdf_report_file",
                }
            )
            invoice.invalidate_recordset(["invoice_pdf_report_id", "invoice_pdf_report_file"])
        attachment = invoice.invoice_pdf_report_id
        return attachment.name, attachment.raw

    def _ig_invoice_document(self, render=True):
        """What the invoice PDF upload would send: ``{"invoice", "file_name",
        "size", "sha256"}``, or ``None`` without an invoice (or, unless
        ``render``, without its PDF yet)."""
        self.ensure_one()
        file_name, content = self._ig_invoice_pdf(render=render)
        if not content:
            return None
        return {
            "invoice": self.ig_invoice_id.name,
            "file_name": file_name,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }

    def _ig_document_display(self, document):
        """An uploaded or pending document as the user reads it."""
        size = formatLang(self.env, document["size"] / 1024, digits=1)
        return f"{document['file_name']} ({size} KB)"

    def _ig_pending_document(self):
        """The invoice PDF when SOOM does not hold it (never sent, or the invoice
        changed since): ``(document, last sent or None)``; ``(None, None)`` otherwise."""
        self.ensure_one()
        document = self._ig_invoice_document()
        if document is None:
            return None, None
        sent = self._soom_sent_by_key().get(INVOICE_DOCUMENT_KEY)
        held = json.loads(sent.value_json) if sent else None
        if held and held.get("sha256") == document["sha256"]:
            return None, held
        return document, held

    def _soom_mark_document_sent(self, document, transmission):
        """Mark the invoice PDF ``document`` (with SOOM's ``document_id``) as uploaded."""
        self.ensure_one()
        sent = self._soom_sent_by_key().get(INVOICE_DOCUMENT_KEY)
        data = {
            "value_json": json.dumps(document, sort_keys=True),
            "sent_at": fields.Datetime.now(),
            "sent_by_id": transmission.user_id.id,
            "transmission_id": transmission.id,
            "source": "portal",
        }
        if sent:
            sent.write(data)
        else:
            self.env["soom.milestone.sent"].sudo().create(
                {**data, "order_id": self.id, "key": INVOICE_DOCUMENT_KEY}
            )

    def _ig_labour_lines(self):
        """The estimate's labour lines: quotation lines of a service sold in hours."""
        self.ensure_one()
        hours = self.env.ref("uom.uom_categ_wtime")
        return self.sudo().sale_order_id.order_line.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.type == "service"
                and line.product_uom.category_id == hours
            )
        )

    def _ig_rate_mismatches(self):
        """The labour lines whose hourly rate is not the one agreed with the broker.

        Per line: ``{"line", "kind", "agreed", "used"}`` as the user reads
        them. The used rate is the line's unit price after discount, per
        hour; the agreed rate is the most specific rate of the broker for
        the order's company, in the quotation's currency.
        """
        self.ensure_one()
        rates = self.broker_id.sudo().rate_ids.filtered(
            lambda rate: rate.company_id == self.company_id
        )
        if not rates:
            return []
        hour = self.env.ref("uom.product_uom_hour")
        kinds = dict(rates._fields["kind"]._description_selection(self.env))
        mismatches = []
        for line in self._ig_labour_lines():
            scored = [(rate._specificity(line.product_id), rate) for rate in rates]
            score, rate = max(scored, key=lambda pair: pair[0])
            if score < 0:
                continue
            currency = line.currency_id
            agreed = rate.currency_id._convert(
                rate.hourly_rate,
                currency,
                self.company_id,
                line.order_id.date_order or fields.Date.today(),
            )
            used = line.product_uom._compute_price(line.price_reduce_taxexcl, hour)
            if float_compare(agreed, used, precision_rounding=currency.rounding):
                mismatches.append(
                    {
                        "line": line.name.splitlines()[0] if line.name else line.product_id.name,
                        "kind": kinds[rate.kind],
                        "agreed": format_amount(self.env, agreed, currency),
                        "used": format_amount(self.env, used, currency),
                    }
                )
        return mismatches

    def _soom_sync_release_reminder(self):
        """Keep the reminder of the implicit repair release in line with the order.

        One activity of the type "Repair Release Due" per order, due on the
        day the release is due (24 hours after the estimate was sent, in the
        user's time zone); marked done when the release is received, removed
        when the estimate date is cleared.
        """
        for order in self:
            if order.estimate_sent_at and not order.release_received:
                deadline = local_date(order.env, order.release_due_at)
                note = _(
                    "Without objection the repair counts as released at %s. "
                    "Record the release with the button Repair Release.",
                    format_local_datetime(order.env, order.release_due_at),
                )
                reminders = order.activity_reschedule([RELEASE_ACTIVITY], date_deadline=deadline)
                if reminders:
                    reminders.note = note
                else:
                    order.activity_schedule(
                        RELEASE_ACTIVITY,
                        date_deadline=deadline,
                        note=note,
                        user_id=order.user_id.id or order.env.uid,
                    )
            elif order.release_received:
                order.activity_feedback([RELEASE_ACTIVITY], feedback=_("Repair release received."))
            else:
                order.activity_unlink([RELEASE_ACTIVITY])

    def _ig_sync_inspection_event(self):
        """The inspection appointment as a calendar event with the customer: created, or
        moved to the appointment. No invitation is e-mailed: nothing leaves the workshop
        unless a person sends it (the event's own button does)."""
        self.ensure_one()
        if not self.inspection_at:
            return self.inspection_event_id
        responsible = self.user_id or self.env.user
        attendees = self.partner_id | responsible.partner_id
        name = " – ".join(
            filter(
                None,
                [
                    _("Inspection %s", self.name),
                    self.vehicle_plate or self.vehicle_id.license_plate,
                    self.partner_id.name,
                ],
            )
        )
        values = {
            "name": name,
            "start": self.inspection_at,
            "stop": self.inspection_at + INSPECTION_DURATION,
            "partner_ids": [Command.link(partner.id) for partner in attendees],
        }
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True)
        if self.inspection_event_id:
            self.inspection_event_id.with_context(no_mail_to_attendees=True).write(values)
        else:
            self.inspection_event_id = Event.create(
                {
                    **values,
                    "user_id": responsible.id,
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                }
            )
        return self.inspection_event_id

    def _soom_release(self, repair_start_planned, repair_end_expected):
        """Record the repair release: status AB, the planned repair start and end."""
        self.ensure_one()
        self.write(
            {
                "release_received": True,
                "release_date": fields.Date.context_today(self),
                "workshop_status": "ab",
                "repair_start_planned": repair_start_planned,
                "repair_end_expected": repair_end_expected,
            }
        )

    def _soom_wizard_action(self, model, name):
        """The action that opens a SOOM wizard of the order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }
