# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons.ig_soom_dra.formatting import format_local_datetime
from odoo.tools.image import image_data_uri


class DamageReportSignedForm(models.Model):
    """A form signed by the customer: the PDF with signer, time and the
    form's version, and the SHA-256 of that PDF."""

    _name = "damage.report.signed.form"
    _description = "Signed Form of a Damage Report"
    _order = "report_id, signed_at, id"

    report_id = fields.Many2one(
        "damage.report", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    template_id = fields.Many2one(
        "damage.report.form.template", string="Form", required=True, readonly=True
    )
    code = fields.Selection(related="template_id.code", store=True)
    version = fields.Char(readonly=True, required=True)
    signer_name = fields.Char(readonly=True, required=True)
    signed_at = fields.Datetime(readonly=True, required=True)
    signature = fields.Binary(attachment=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    sha256 = fields.Char(string="SHA-256 of the PDF", readonly=True)

    def _signed_at_text(self):
        """The signing time as the customer reads it (the workshop's time
        zone, the customer's language)."""
        self.ensure_one()
        return format_local_datetime(self.report_id._customer_env().env, self.signed_at)

    def _signature_src(self):
        """The signature as a data URI for the PDF."""
        self.ensure_one()
        return image_data_uri(self.signature)
