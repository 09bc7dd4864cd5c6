# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..core import files

#: Models whose binary fields hold documents of DRA files (a broker's data).
DRA_MODELS = ("dra.import.attachment", "dra.import.wizard")


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _get_stream_from(self, record, field_name="raw", *args, **kwargs):
        """Serve documents of DRA files that a browser would render or run
        (HTML, SVG, XML, scripts) as downloads, never inline."""
        stream = super()._get_stream_from(record, field_name, *args, **kwargs)
        if (
            stream.type in ("data", "path")
            and self._ig_is_dra_document(record, field_name)
            and files.is_active_content(stream.mimetype or "", stream.download_name or "")
        ):
            stream.mimetype = "application/octet-stream"
            stream.as_attachment = True
        return stream

    def _ig_is_dra_document(self, record, field_name):
        """Whether ``record``'s field holds a document of a DRA file, or the file itself."""
        if record._name in DRA_MODELS or (
            record._name == "repair.order" and field_name == "dra_file"
        ):
            return True
        if record._name != "ir.attachment":
            return False
        attachment = record.sudo()
        return bool(
            attachment.dra_document_type
            or attachment.res_model in DRA_MODELS
            or (attachment.res_model == "repair.order" and attachment.res_field == "dra_file")
        )
