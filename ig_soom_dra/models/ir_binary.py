# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..core import files

#: Models whose binary fields hold documents of DRA files (a broker's data).
DRA_MODELS = ("dra.import.attachment", "dra.import.wizard")


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _get_stream_from(  # noqa: PLR0917 - the signature of ir.binary
        self,
        record,
        field_name="raw",
        filename=None,
        filename_field="name",
        mimetype=None,
        default_mimetype="application/octet-stream",
    ):
        """Serve documents of DRA files as downloads unless they are of a type
        that runs nothing in a browser (PDF, images, plain text): HTML, SVG, XML
        or scripts are never shown inline. The type the request asks for
        (``?mimetype=``) is ignored for them."""
        dra_document = self._ig_is_dra_document(record, field_name)
        stream = super()._get_stream_from(
            record,
            field_name,
            filename,
            filename_field,
            None if dra_document else mimetype,
            default_mimetype,
        )
        if (
            dra_document
            and stream.type in ("data", "path")
            and not files.may_show_inline(stream.mimetype, stream.download_name)
        ):
            stream.mimetype = "application/octet-stream"
            stream.as_attachment = True
        return stream

    def _ig_is_dra_document(self, record, field_name):
        """Whether ``record``'s field holds a document of a DRA file, or the file itself."""
        if record._name in DRA_MODELS:
            return True
        if record._name == "repair.order":
            return field_name == "dra_file"
        if record._name != "ir.attachment":
            return False
        # only these fields: a superuser read prefetches the whole attachment
        # into the cache, and the stream then reads name, type and file from
        # it without the caller's access check
        attachment = record.sudo().with_context(prefetch_fields=False)
        return bool(
            attachment.dra_document_type
            or attachment.res_model in DRA_MODELS
            or (attachment.res_model == "repair.order" and attachment.res_field == "dra_file")
        )
