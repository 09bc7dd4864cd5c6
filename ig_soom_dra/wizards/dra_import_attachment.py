# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import logging

from PIL import Image

from odoo import _, api, fields, models

from ..models.ir_attachment import DRA_DOCUMENT_TYPES

_logger = logging.getLogger(__name__)


class DraImportAttachment(models.TransientModel):
    """A document of the DRA file: listed, previewed, and taken over if ticked."""

    _name = "dra.import.attachment"
    _description = "DRA Takeover Assistant: Attachment"
    _order = "sequence, id"

    wizard_id = fields.Many2one("dra.import.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    selected = fields.Boolean(string="Take Over", default=True)
    document_type = fields.Selection(DRA_DOCUMENT_TYPES, string="Type", readonly=True)
    name = fields.Char(string="File Name", readonly=True)
    mimetype = fields.Char(string="MIME Type", readonly=True)
    description = fields.Char(string="Short Info", readonly=True)
    size = fields.Integer(string="Size (bytes)", readonly=True)
    size_display = fields.Char(string="Size", compute="_compute_size_display")
    data = fields.Binary(string="Content", attachment=True, readonly=True)
    kind = fields.Selection(
        [("pdf", "PDF"), ("image", "Image"), ("other", "Other")],
        compute="_compute_kind",
    )
    rotation = fields.Integer(default=0, help="Rotation of the image preview in degrees.")
    preview_image = fields.Binary(compute="_compute_preview_image")

    @api.depends("size")
    def _compute_size_display(self):
        for attachment in self:
            size = attachment.size
            if size >= 1024 * 1024:
                attachment.size_display = f"{size / (1024 * 1024):.1f} MB"
            else:
                attachment.size_display = f"{max(size, 1) / 1024:.0f} KB"

    @api.depends("mimetype", "name")
    def _compute_kind(self):
        for attachment in self:
            mimetype = (attachment.mimetype or "").lower()
            name = (attachment.name or "").lower()
            if mimetype == "application/pdf" or name.endswith(".pdf"):
                attachment.kind = "pdf"
            elif mimetype.startswith("image/"):
                attachment.kind = "image"
            else:
                attachment.kind = "other"

    @api.depends("data", "rotation", "kind")
    def _compute_preview_image(self):
        for attachment in self:
            if attachment.kind != "image" or not attachment.data:
                attachment.preview_image = False
                continue
            if not attachment.rotation % 360:
                attachment.preview_image = attachment.data
                continue
            try:
                with Image.open(io.BytesIO(base64.b64decode(attachment.data))) as image:
                    rotated = image.rotate(-attachment.rotation, expand=True)
                    buffer = io.BytesIO()
                    rotated.save(buffer, format=image.format or "PNG")
                attachment.preview_image = base64.b64encode(buffer.getvalue())
            except (OSError, ValueError):
                _logger.info("Cannot rotate the image %s", attachment.name)
                attachment.preview_image = attachment.data

    @api.model
    def _values_from_dra(self, sequence, attachment):
        known_types = dict(DRA_DOCUMENT_TYPES)
        document_type = attachment.type if attachment.type in known_types else "Sonstiges"
        return {
            "sequence": sequence,
            "document_type": document_type,
            "name": attachment.filename or _("Attachment %s", sequence + 1),
            "mimetype": attachment.mimetype,
            "description": attachment.description,
            "size": len(attachment.content),
            "data": base64.b64encode(attachment.content),
        }

    def action_preview(self):
        """Show this document in the preview of the assistant."""
        self.ensure_one()
        self.wizard_id.preview_attachment_id = self
        return self.wizard_id._reopen()

    def action_rotate(self):
        """Turn the image preview by 90 degrees clockwise."""
        self.ensure_one()
        self.rotation = (self.rotation + 90) % 360
        return self.wizard_id._reopen()

    def _takeover(self, order):
        """Attach the ticked documents to the order, each once."""
        Attachment = self.env["ir.attachment"]
        existing = Attachment.search([("res_model", "=", order._name), ("res_id", "=", order.id)])
        known = set(existing.mapped("checksum"))
        created = Attachment
        for line in self.filtered("selected"):
            raw = base64.b64decode(line.data or b"")
            checksum = Attachment._compute_checksum(raw)
            if checksum in known:
                continue
            known.add(checksum)
            created |= Attachment.create(
                {
                    "name": line.name,
                    "raw": raw,
                    "mimetype": line.mimetype or False,
                    "description": line.description or False,
                    "dra_document_type": line.document_type,
                    "res_model": order._name,
                    "res_id": order.id,
                }
            )
        return created
