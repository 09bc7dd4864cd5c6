# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

#: Document types of the DRA file's attachments (attribute ``Typ``).
DRA_DOCUMENT_TYPES = [
    ("Leistungsvereinbarung", "Service Agreement"),
    ("Checkliste", "Checklist"),
    ("Auftragsformular", "Order Form"),
    ("Bild", "Photo"),
    ("Gutachten", "Expert Report"),
    ("Kostenvoranschlag", "Cost Estimate"),
    ("Rechnung", "Invoice"),
    ("Sonstiges", "Other"),
]


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    dra_document_type = fields.Selection(
        DRA_DOCUMENT_TYPES,
        string="DRA Document Type",
        help="Type of the document in the DRA file it was imported from.",
    )
