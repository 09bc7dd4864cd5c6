# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .ir_attachment import DRA_DOCUMENT_TYPES

#: What a person may change on a part that is not filed yet.
ASSIGNABLE_FIELDS = {"order_id", "document_type", "sequence"}


class IgScanPart(models.Model):
    """A run of pages of a scanned stack: a document for an order, or pages to assign.

    A part found by its barcode is filed at once; a part without a readable
    barcode, or whose order is none of the user's, waits for a person to
    choose the order (and the type) and press *File*. So do the pages before
    a document beyond the number its barcode page names (most likely another
    order's document whose barcode page could not be read), and a document
    with fewer pages than that number: its order is proposed, not filed.
    """

    _name = "ig.scan.part"
    _description = "Scanned Paper: Document"
    _order = "batch_id, sequence, id"

    batch_id = fields.Many2one("ig.scan.batch", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True)
    sequence = fields.Integer()
    first_page = fields.Integer(readonly=True)
    last_page = fields.Integer(readonly=True)
    barcode_page = fields.Integer(
        readonly=True, help="The barcode page that closed the document (0: none)."
    )
    payload = fields.Char(string="Barcode", readonly=True, help="What the barcode page reads.")
    reference = fields.Char(string="Order Reference Read", readonly=True)
    document_type = fields.Selection(DRA_DOCUMENT_TYPES)
    order_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index=True,
        ondelete="set null",
    )
    state = fields.Selection(
        [("unassigned", "To Assign"), ("filed", "Filed")],
        default="unassigned",
        required=True,
        readonly=True,
    )
    expected_pages = fields.Integer(
        string="Printed Pages",
        readonly=True,
        help="The number of pages the barcode page names (0: a page printed before it did).",
    )
    reason = fields.Selection(
        [
            ("no_barcode", "No barcode read"),
            ("unknown_order", "No order of yours with this reference"),
            (
                "extra_pages",
                "Pages before a document beyond those printed: a barcode page not read?",
            ),
            ("missing_pages", "Fewer pages than printed"),
        ],
        readonly=True,
    )
    pdf_file = fields.Binary(string="PDF", attachment=True, readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Filed Document", readonly=True, ondelete="set null"
    )
    pages = fields.Char(compute="_compute_pages")

    @api.depends("first_page", "last_page")
    def _compute_pages(self):
        for part in self:
            if part.first_page == part.last_page:
                part.pages = str(part.first_page)
            else:
                part.pages = f"{part.first_page}–{part.last_page}"

    def write(self, vals):
        """A person chooses the order and the type of a part not filed; the rest is
        what the scan read and what filing wrote (written as superuser only)."""
        if not self.env.su and (
            set(vals) - ASSIGNABLE_FIELDS or self.filtered(lambda part: part.state == "filed")
        ):
            raise UserError(_("A filed document is changed on its order, not here."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_file(self):
        """File the parts on the orders chosen by hand."""
        for part in self:
            if part.state == "filed":
                raise UserError(_("Pages %s are filed already.", part.pages))
            if not part.order_id:
                raise UserError(_("Choose the repair order of pages %s first.", part.pages))
        self._file()
        return True

    def action_view_pdf(self):
        """Open the pages of the part in a new tab."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/pdf_file/scan.pdf",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _find_order(self):
        """The order of the reference read, among those the user may see.

        Only the user's own companies are searched (record rules apply);
        where the reference names an order in more than one of them, the
        one of the batch's company is taken, else none.
        """
        self.ensure_one()
        if not self.reference:
            return self.env["repair.order"]
        user = self.env.user
        orders = (
            self.env["repair.order"]
            .with_context(allowed_company_ids=user.company_ids.ids)
            .search([("name", "=", self.reference)], limit=3)
        )
        if len(orders) > 1:
            orders = orders.filtered(lambda order: order.company_id == self.company_id)
        return orders.with_env(self.env) if len(orders) == 1 else self.env["repair.order"]

    def _file(self):
        """File each part on its order: an attachment, a chatter note per order,
        and the service agreement marked as signed."""
        Attachment = self.env["ir.attachment"]
        types = dict(self._fields["document_type"]._description_selection(self.env))
        for order in self.order_id:
            order.check_access("write")
            parts = self.filtered(lambda part, order=order: part.order_id == order)
            for part in parts:
                kind = types.get(part.document_type) or _("Scan")
                name = _("%(kind)s %(order)s signed.pdf", kind=kind, order=order.name)
                attachment = Attachment.create(
                    {
                        "name": name.replace("/", "-"),
                        "res_model": "repair.order",
                        "res_id": order.id,
                        "datas": part.pdf_file,
                        "mimetype": "application/pdf",
                        "dra_document_type": part.document_type,
                    }
                )
                part.sudo().write(
                    {"state": "filed", "attachment_id": attachment.id, "reason": False}
                )
            if "Leistungsvereinbarung" in parts.mapped("document_type") and not (
                order.service_agreement_signed_at
            ):
                order.service_agreement_signed_at = fields.Datetime.now()
            for batch in parts.batch_id:
                batch._ig_note_filed(
                    order, parts.filtered(lambda part, batch=batch: part.batch_id == batch)
                )
        self.batch_id._check_done()
