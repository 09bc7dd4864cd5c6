# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..core.pdf import IMAGE_MIMETYPES, PDF_MIMETYPE


class DraDocumentPrintLine(models.TransientModel):
    """A document of the order that can be printed with a barcode page."""

    _name = "dra.document.print.line"
    _description = "Documents with Barcode: Document"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dra.document.print", required=True, ondelete="cascade")
    sequence = fields.Integer()
    selected = fields.Boolean(string="Print")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Document", required=True, ondelete="cascade"
    )
    # read with the user's rights: a line can name only a document the user may read
    name = fields.Char(related="attachment_id.name", string="File Name", related_sudo=False)
    document_type = fields.Selection(
        related="attachment_id.dra_document_type", string="Document Type", related_sudo=False
    )
    kind = fields.Selection(
        [("pdf", "PDF"), ("image", "Image")],
        string="File Format",
        compute="_compute_kind",
        help="How the document is printed: a PDF as it is, an image as a page of its own.",
    )

    @api.model
    def _kind_of(self, attachment):
        """``pdf``, ``image`` or False: how the attachment can be printed."""
        mimetype = (attachment.mimetype or "").split(";")[0].strip().lower()
        if mimetype in IMAGE_MIMETYPES:
            return "image"
        if mimetype == PDF_MIMETYPE or (attachment.name or "").lower().endswith(".pdf"):
            return "pdf"
        return False

    @api.depends("attachment_id.mimetype", "attachment_id.name")
    def _compute_kind(self):
        for line in self:
            line.kind = self._kind_of(line.attachment_id)
