# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import formatLang

from ..core import files
from ..models.ir_attachment import DRA_DOCUMENT_TYPES


class DraExportWizardLine(models.TransientModel):
    """A document of the order that the DRA file can carry."""

    _name = "dra.export.wizard.line"
    _description = "Export as DRA File: Document"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dra.export.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    selected = fields.Boolean(string="Export")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Document", required=True, ondelete="cascade"
    )
    document_type = fields.Selection(
        DRA_DOCUMENT_TYPES, help="The type the document has in the DRA file."
    )
    # read with the user's rights: a line can name only a document the user may read
    name = fields.Char(related="attachment_id.name", string="File Name", related_sudo=False)
    mimetype = fields.Char(
        related="attachment_id.mimetype", string="File Format", related_sudo=False
    )
    size = fields.Integer(
        related="attachment_id.file_size", string="Size (bytes)", related_sudo=False
    )
    size_display = fields.Char(string="Size", compute="_compute_size_display")

    @api.model
    def _size_text(self, size):
        """A size in bytes as the user reads it, in the user's number format:
        "12 KB", "3.4 MB" ("3,4 MB" in German)."""
        if size >= 1024 * 1024:
            return f"{formatLang(self.env, size / (1024 * 1024), digits=1)} MB"
        return f"{formatLang(self.env, max(size, 1) / 1024, digits=0)} KB"

    @api.model
    def _mimetype(self, attachment):
        return (attachment.mimetype or "").split(";")[0].strip().lower()

    @api.model
    def _is_image(self, attachment):
        mimetype = self._mimetype(attachment)
        return mimetype.startswith("image/") and not files.is_active_content(
            mimetype, attachment.name or ""
        )

    @api.model
    def _is_pdf_or_image(self, attachment):
        return (
            self._mimetype(attachment) == "application/pdf"
            or (attachment.name or "").lower().endswith(".pdf")
            or self._is_image(attachment)
        )

    @api.model
    def _preselected(self, attachment):
        """PDFs and images are ticked (the broker's forms, signed scans, photos,
        estimate and invoice); anything else the user ticks if it should go."""
        return self._is_pdf_or_image(attachment)

    @api.model
    def _document_type_of(self, attachment):
        """The attachment's DRA document type; a photo without one is a "Bild"."""
        if attachment.dra_document_type:
            return attachment.dra_document_type
        return "Bild" if self._is_image(attachment) else "Sonstiges"

    @api.depends("size")
    @api.depends_context("lang")
    def _compute_size_display(self):
        for line in self:
            line.size_display = self._size_text(line.size)
