# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from urllib.parse import quote

from markupsafe import Markup

from odoo import Command, _, api, fields, models, tools
from odoo.addons.mail.tools.alias_error import AliasError
from odoo.exceptions import UserError

from ..core.scan import ScanError, concatenate, extract_pages, split_stack

#: Default of the system parameter ``ig_soom_dra.max_file_size_mb``.
DEFAULT_MAX_SIZE_MB = 100
#: The group whose members may send scans to the scan alias.
USER_GROUP = "ig_soom_dra.group_ig_soom_user"


class IgScanBatch(models.Model):
    """A stack of signed paper scanned back: split at its barcode pages and filed.

    The stack (one PDF, uploaded in the back end or e-mailed to the scan
    alias) is read by ``core.scan.split_stack``: every document found is
    filed on its order as an attachment with its DRA document type
    (``ig.scan.part``); the pages without a readable barcode, or whose order
    is not one of the user's, stay as parts to assign by hand. The stack is
    kept until every part is filed.
    """

    _name = "ig.scan.batch"
    _description = "Scanned Paper"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: _("Scan"), tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "New"), ("to_assign", "To Assign"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    source = fields.Selection(
        [("upload", "Upload"), ("mail", "E-mail")], default="upload", required=True, readonly=True
    )
    stack_file = fields.Binary(
        string="Scanned PDF",
        attachment=True,
        copy=False,
        help="The scanned stack as one PDF (200 dpi, greyscale). It is kept until every "
        "document is filed.",
    )
    stack_filename = fields.Char(string="File Name")
    page_count = fields.Integer(string="Pages", readonly=True, copy=False)
    part_ids = fields.One2many("ig.scan.part", "batch_id", string="Documents")
    filed_count = fields.Integer(string="Filed", compute="_compute_counts")
    unassigned_count = fields.Integer(string="To Assign", compute="_compute_counts")
    empty_barcode_pages = fields.Char(
        readonly=True,
        copy=False,
        help="Barcode pages that followed another barcode page: they close no document.",
    )

    @api.depends("part_ids.state")
    def _compute_counts(self):
        for batch in self:
            batch.filed_count = len(batch.part_ids.filtered(lambda part: part.state == "filed"))
            batch.unassigned_count = len(batch.part_ids) - batch.filed_count

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_split(self):
        """Read the barcodes of the stack, split it and file what has an order."""
        for batch in self:
            if batch.state != "draft":
                raise UserError(_("The scan %s has been read already.", batch.name))
            batch.check_access("write")
            batch._split()
        return True

    def action_view_stack(self):
        """Open the scanned stack in a new tab."""
        self.ensure_one()
        if not self.stack_file:
            raise UserError(_("The scanned PDF is no longer kept: every document is filed."))
        filename = quote(self.stack_filename or "scan.pdf")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/stack_file/{filename}",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Mail gateway: the scan alias
    # ------------------------------------------------------------------

    @api.model
    def _ig_scan_sender(self, email_from):
        """The active internal workshop user whose e-mail address is ``email_from``."""
        normalized = tools.email_normalize(email_from or "")
        if not normalized:
            return self.env["res.users"]
        users = (
            self.env["res.users"]
            .sudo()
            .search([("email_normalized", "=", normalized), ("share", "=", False)])
        )
        return users.filtered(lambda user: user.has_group(USER_GROUP))[:1]

    def _alias_get_error(self, message, message_dict, alias):
        """Only the workshop's own users may send scans to the scan alias."""
        email_from = tools.mail.decode_message_header(message, "From")
        if not self._ig_scan_sender(email_from):
            return AliasError(
                "error_ig_scan_sender",
                _("restricted to the users of the claims broker orders"),
            )
        return super()._alias_get_error(message, message_dict, alias)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A batch of the PDFs of the mail, read in the name of the user who sent it."""
        user = self._ig_scan_sender(msg_dict.get("email_from"))
        if not user:
            raise UserError(_("Scans are accepted only from the users of the workshop."))
        env_self = self.with_user(user).with_context(
            allowed_company_ids=user.company_id.ids + (user.company_ids - user.company_id).ids
        )
        pdfs = [
            attachment.content
            for attachment in msg_dict.get("attachments") or []
            if (attachment.fname or "").lower().endswith(".pdf")
            or (attachment.info or {}).get("content_type") == "application/pdf"
        ]
        values = {
            **(custom_values or {}),
            "name": msg_dict.get("subject") or _("Scan"),
            "source": "mail",
            "company_id": user.company_id.id,
        }
        error = None
        if pdfs:
            try:
                stack = (
                    pdfs[0]
                    if len(pdfs) == 1
                    else concatenate(pdfs, max_bytes=env_self._max_file_size())
                )
            except ScanError as scan_error:
                error = env_self._error_message(scan_error)
            else:
                values.update({"stack_file": base64.b64encode(stack), "stack_filename": "scan.pdf"})
        else:
            error = _("The e-mail has no PDF attached.")
        batch = env_self.create(values)
        if error:
            batch._message_log(body=error)
        else:
            try:
                with self.env.cr.savepoint():
                    batch._split()
            except UserError as split_error:
                batch._message_log(body=str(split_error))
        return batch.sudo()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _max_file_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("ig_soom_dra.max_file_size_mb")
        try:
            megabytes = int(value) if value else DEFAULT_MAX_SIZE_MB
        except ValueError:
            megabytes = DEFAULT_MAX_SIZE_MB
        return megabytes * 1024 * 1024

    def _error_message(self, error):
        """A translated message for the ScanError ``error``."""
        messages = {
            "too_large": _(
                "The scan is larger than the allowed %(limit)s MB.",
                limit=self._max_file_size() // (1024 * 1024),
            ),
            "too_many_pages": _(
                "The scan has %(pages)s pages; at most %(limit)s pages are read at once. "
                "Scan the stack in smaller parts.",
                pages=error.details.get("pages"),
                limit=error.details.get("limit"),
            ),
            "not_pdf": _("The scan is not a PDF file. Scan the paper as PDF."),
            "encrypted": _("The scan is a password protected PDF file and cannot be read."),
            "damaged": _(
                "The scan is a damaged PDF file and cannot be read (%(reason)s).",
                reason=error.details.get("reason", ""),
            ),
        }
        return messages.get(error.code, str(error))

    def _stack_attachment(self):
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "stack_file"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )

    def _split(self):
        """Split the stack into parts and file each one whose order is found."""
        self.ensure_one()
        attachment = self._stack_attachment()
        if not attachment:
            raise UserError(_("Choose the scanned PDF first."))
        limit = self._max_file_size()
        if attachment.file_size > limit:
            raise UserError(self._error_message(ScanError("too_large", "", {"limit": limit})))
        data = attachment.raw
        try:
            split = split_stack(data, max_bytes=limit)
        except ScanError as error:
            raise UserError(self._error_message(error)) from error
        Part = self.env["ig.scan.part"]
        commands = []
        pdfs = extract_pages(data, [part.pages for part in split.parts])
        for sequence, (part, part_pdf) in enumerate(zip(split.parts, pdfs, strict=True)):
            commands.append(
                Command.create(
                    {
                        "sequence": sequence,
                        "first_page": part.pages[0] + 1,
                        "last_page": part.pages[-1] + 1,
                        "barcode_page": part.barcode_page + 1
                        if part.barcode_page is not None
                        else 0,
                        "payload": part.payload,
                        "reference": part.reference,
                        "document_type": part.document_type,
                        "expected_pages": part.expected_pages or 0,
                        "reason": part.problem,
                        "pdf_file": base64.b64encode(part_pdf),
                    }
                )
            )
        self.write(
            {
                "part_ids": commands,
                "page_count": split.page_count,
                "state": "to_assign",
                "empty_barcode_pages": ", ".join(
                    str(index + 1) for index in split.empty_barcode_pages
                ),
            }
        )
        found = Part
        for part in self.part_ids:
            order = part._find_order()
            if order:
                part.order_id = order
                if not part.reason:
                    found |= part
            elif not part.reason:
                part.sudo().reason = "unknown_order" if part.reference else "no_barcode"
        found._file()
        self._ig_note_split()
        self._check_done()

    def _ig_note_split(self):
        self.ensure_one()
        self._message_log(
            body=_(
                "%(pages)s pages read: %(filed)s documents filed, %(unassigned)s to assign.",
                pages=self.page_count,
                filed=self.filed_count,
                unassigned=self.unassigned_count,
            )
        )

    def _check_done(self):
        """Mark the batches whose every part is filed as done; their stack goes."""
        for batch in self:
            if batch.state == "to_assign" and not batch.unassigned_count:
                batch.write({"state": "done", "stack_file": False})
        return True

    def _ig_note_filed(self, order, parts):
        """Note on ``order`` the documents ``parts`` filed on it from this batch."""
        items = Markup("")
        for part in parts:
            items += Markup("<li>%s</li>") % _(
                "%(document)s (pages %(first)s–%(last)s)",
                document=part.attachment_id.name,
                first=part.first_page,
                last=part.last_page,
            )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            _("Signed paper scanned back (%s):", self.name),
            items,
        )
        order._message_log(body=body, attachment_ids=parts.attachment_id.ids)

    def unlink(self):
        if any(batch.state == "to_assign" for batch in self):
            raise UserError(
                _("A scan with documents still to assign cannot be deleted: assign them first.")
            )
        return super().unlink()
