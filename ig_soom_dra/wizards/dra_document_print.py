# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from urllib.parse import quote

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..core.pdf import PdfError, documents_with_barcode
from ..formatting import format_local_datetime


class DraDocumentPrint(models.TransientModel):
    """Print an order's documents, each followed by a page with the order's barcode.

    The signed paper is scanned back and filed to the order by the barcode
    of the order reference and the document's type (``core.pdf.barcode_payload``;
    ``ig.scan.batch`` reads it). The generated PDF lives on the wizard record, so
    it is removed with it and no copies pile up on the order.
    """

    _name = "dra.document.print"
    _inherit = ["ig.order.dialog.mixin"]
    _description = "Documents with Barcode"
    _ig_order_access = "read"

    order_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self._default_order_id(),
    )
    line_ids = fields.One2many(
        "dra.document.print.line",
        "wizard_id",
        string="Documents",
        compute="_compute_line_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
    )
    pdf_file = fields.Binary(string="PDF", readonly=True, attachment=True)
    pdf_filename = fields.Char(string="PDF File Name", readonly=True)

    @api.model
    def _default_order_id(self):
        context = self.env.context
        if context.get("active_model") == "repair.order" and context.get("active_id"):
            return context["active_id"]
        return False

    @api.depends("order_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.order_id:
                for sequence, attachment in enumerate(wizard.order_id._ig_documents()):
                    kind = self.env["dra.document.print.line"]._kind_of(attachment)
                    if kind:
                        commands.append(
                            Command.create(
                                {
                                    "sequence": sequence,
                                    "attachment_id": attachment.id,
                                    "selected": kind == "pdf",
                                }
                            )
                        )
            wizard.line_ids = commands

    def _barcode_lines(self):
        """(label, value) lines of the barcode page, in the user's language."""
        order = self.order_id
        vehicle = " ".join(filter(None, [order.vehicle_make, order.vehicle_model]))
        now = format_local_datetime(self.env, fields.Datetime.now())
        return [
            (_("Broker Order No."), order.broker_order_ref or ""),
            (_("Licence Plate"), order.vehicle_plate or order.vehicle_id.license_plate or ""),
            (_("Customer"), order.partner_id.name or ""),
            (_("Vehicle"), vehicle or order.vehicle_id.model_id.display_name or ""),
            (_("Printed on"), now),
        ]

    def _error_message(self, error):
        """A translated message for the PdfError ``error``."""
        document = error.details.get("document", "")
        messages = {
            "not_pdf": _(
                "The document “%(document)s” is not a valid PDF file and cannot be printed "
                "with a barcode page. Untick it or attach it again as a PDF.",
                document=document,
            ),
            "encrypted": _(
                "The document “%(document)s” is password protected and cannot be printed "
                "with a barcode page. Untick it or attach an unprotected copy.",
                document=document,
            ),
            "damaged": _(
                "The document “%(document)s” is damaged and cannot be read (%(reason)s). "
                "Untick it or attach it again.",
                document=document,
                reason=error.details.get("reason", ""),
            ),
            "unsupported_image": _(
                "The image “%(document)s” cannot be read; only PNG and JPEG images can be "
                "printed. Untick it.",
                document=document,
            ),
            "invalid_reference": _(
                "The order reference “%(reference)s” cannot be printed as a barcode.",
                reference=self.order_id.name,
            ),
        }
        return messages.get(error.code, str(error))

    def _build_pdf(self):
        """Return the chosen documents, each followed by its barcode page, as PDF bytes."""
        self.ensure_one()
        lines = self.line_ids.filtered("selected").sorted(lambda line: (line.sequence, line.id))
        if not lines:
            raise UserError(_("Choose at least one document to print."))
        documents = [
            (line.attachment_id.name, line.attachment_id.raw or b"", line.attachment_id.mimetype)
            for line in lines
        ]
        try:
            return documents_with_barcode(
                documents,
                self.order_id.name,
                self._barcode_lines(),
                title=_("Repair Order %s", self.order_id.name),
                document_label=_("Document"),
                document_types=[line.attachment_id.dra_document_type for line in lines],
            )
        except PdfError as error:
            raise UserError(self._error_message(error)) from error

    def action_print(self):
        """Build the PDF and open it in a new browser tab."""
        self.ensure_one()
        data = self._build_pdf()
        filename = _("Documents %s.pdf", self.order_id.name).replace("/", "-")
        self.write({"pdf_file": base64.b64encode(data), "pdf_filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/pdf_file/{quote(filename)}",
            "target": "new",
            "close": True,
        }
