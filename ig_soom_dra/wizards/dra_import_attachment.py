# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..core import files
from ..models.ir_attachment import DRA_DOCUMENT_TYPES

#: Images above this many pixels are not previewed nor taken over (they stay
#: in the DRA file kept on the order): decoding one costs hundreds of megabytes.
MAX_IMAGE_PIXELS = 40_000_000


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
    problem = fields.Char(
        readonly=True, help="What is wrong with the document, found when the file was read."
    )
    blocked = fields.Boolean(
        readonly=True,
        help="The document cannot be taken over (an image too large to be handled); it "
        "stays in the DRA file kept on the order.",
    )
    kind = fields.Selection(
        [("pdf", "PDF"), ("image", "Image"), ("other", "Other")],
        compute="_compute_kind",
    )
    rotation = fields.Integer(
        default=0, help="Rotation of the image preview in degrees; the browser turns it."
    )
    preview_image = fields.Binary(compute="_compute_preview_image")
    is_previewed = fields.Boolean(
        compute="_compute_is_previewed", help="The document shown in the assistant's viewer."
    )

    @api.depends("size")
    def _compute_size_display(self):
        for attachment in self:
            size = attachment.size
            if size >= 1024 * 1024:
                attachment.size_display = f"{size / (1024 * 1024):.1f} MB"
            else:
                attachment.size_display = f"{max(size, 1) / 1024:.0f} KB"

    @api.depends("mimetype", "name", "problem")
    def _compute_kind(self):
        for attachment in self:
            mimetype = (attachment.mimetype or "").lower()
            name = (attachment.name or "").lower()
            if attachment.problem:
                attachment.kind = "other"
            elif mimetype == "application/pdf" or name.endswith(".pdf"):
                attachment.kind = "pdf"
            elif mimetype.startswith("image/") and not files.is_active_content(mimetype, name):
                attachment.kind = "image"
            else:
                attachment.kind = "other"

    @api.depends("data", "kind")
    def _compute_preview_image(self):
        for attachment in self:
            attachment.preview_image = attachment.data if attachment.kind == "image" else False

    @api.depends("wizard_id.preview_attachment_id")
    def _compute_is_previewed(self):
        for attachment in self:
            attachment.is_previewed = attachment.wizard_id.preview_attachment_id == attachment

    @api.model
    def _values_from_dra(self, sequence, attachment):
        """The line of one document of the file, with what is wrong with it.

        The content is stored afterwards (:meth:`_store_content`).
        """
        known_types = dict(DRA_DOCUMENT_TYPES)
        document_type = attachment.type if attachment.type in known_types else "Sonstiges"
        name = attachment.filename or _("Attachment %s", sequence + 1)
        problem, blocked = self._problem(attachment.content, attachment.mimetype, name)
        return {
            "sequence": sequence,
            "document_type": document_type,
            "name": name,
            "mimetype": attachment.mimetype,
            "description": attachment.description,
            "size": len(attachment.content),
            "problem": problem,
            "blocked": blocked,
            "selected": not problem,
        }

    @api.model
    def _problem(self, content, mimetype, name):
        """``(message, blocked)`` for a document that is not what it claims to be."""
        mimetype = (mimetype or "").lower()
        if mimetype == "application/pdf" or name.lower().endswith(".pdf"):
            if not files.looks_like_pdf(content):
                return _("Not a PDF file: the content does not start like a PDF."), False
            return False, False
        if mimetype.startswith("image/") and not files.is_active_content(mimetype, name):
            image = files.inspect_image(content, max_pixels=MAX_IMAGE_PIXELS)
            if image.too_large:
                megapixels = round(image.pixels / 1e6) if image.pixels else "?"
                return _(
                    "The image is too large (%(pixels)s megapixels, at most %(limit)s): it is "
                    "neither shown nor taken over, and stays in the DRA file of the order.",
                    pixels=megapixels,
                    limit=MAX_IMAGE_PIXELS // 1_000_000,
                ), True
            if not image.readable:
                return _("The image cannot be read."), False
        return False, False

    def _store_content(self, content):
        """Store the document's content as this line's ``data``, as it is.

        Images are not post-processed (no resize, no decoding on the
        server); active content (HTML, SVG) is served as a download only
        (``ir.binary``).
        """
        self.ensure_one()
        self.env["ir.attachment"].sudo().with_context(
            image_no_postprocess=True, ig_soom_dra_no_index=True
        ).create(
            {
                "name": self.name,
                "raw": content,
                "mimetype": self.mimetype or False,
                "res_model": self._name,
                "res_field": "data",
                "res_id": self.id,
            }
        )
        self.invalidate_recordset(["data"])

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
        """Attach the ticked documents to the order, each once, as they are."""
        Attachment = self.env["ir.attachment"]
        existing = Attachment.search([("res_model", "=", order._name), ("res_id", "=", order.id)])
        known = set(existing.mapped("checksum"))
        created = Attachment
        stored = {
            attachment.res_id: attachment
            for attachment in Attachment.sudo().search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "data"),
                    ("res_id", "in", self.ids),
                ]
            )
        }
        for line in self.filtered("selected"):
            content = stored.get(line.id)
            raw = content.raw if content else b""
            name = files.safe_filename(line.name) or _("Attachment %s", line.sequence + 1)
            # what the user could change over RPC is checked again on the content
            if self._problem(raw, line.mimetype, name)[1]:
                continue
            checksum = Attachment._compute_checksum(raw)
            if checksum in known:
                continue
            known.add(checksum)
            created |= Attachment.with_context(image_no_postprocess=True).create(
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": line.mimetype or False,
                    "description": line.description or False,
                    "dra_document_type": line.document_type,
                    "res_model": order._name,
                    "res_id": order.id,
                }
            )
        return created
