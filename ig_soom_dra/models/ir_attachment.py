# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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

    @api.model
    def _index(self, bin_data, file_type, checksum=None):
        """No text index of DRA files and their documents as they are read in
        (context ``ig_soom_dra_no_index``): the XML of a DRA file is stored as
        plain text for users who are not administrators, and indexing its
        base64 would copy tens of megabytes into the database."""
        if self.env.context.get("ig_soom_dra_no_index"):
            return False
        return super()._index(bin_data, file_type, checksum=checksum)
