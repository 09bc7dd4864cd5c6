# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class DamageReportFormTemplate(models.Model):
    """A versioned form the customer signs on screen (RKÜ,
    Leistungsvereinbarung). A new version is a new record with its own text;
    a signed form keeps the version it was signed in. The text is a QWeb
    template rendered with the report (customer, plate, insurer, claim
    number, workshop), so that what is signed names the parties."""

    _name = "damage.report.form.template"
    _description = "Damage Report Form"
    _order = "sequence, code, id desc"

    name = fields.Char(required=True)
    code = fields.Selection(
        [("rku", "Repair Cost Assumption (RKÜ)"), ("service_agreement", "Service Agreement")],
        required=True,
    )
    version = fields.Char(required=True, help="The form's version, e.g. 01/2024.")
    body_view_id = fields.Many2one(
        "ir.ui.view",
        string="Text",
        required=True,
        ondelete="restrict",
        domain=[("type", "=", "qweb")],
        help="The QWeb template of the form's text; it is rendered with the report as "
        "'report' and the workshop as 'company'.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: the form of every company.")
    signed_count = fields.Integer(compute="_compute_signed_count", string="Signed")

    _sql_constraints = [
        (
            "code_version_unique",
            "UNIQUE NULLS NOT DISTINCT (code, version, company_id)",
            "A form has each version only once.",
        ),
    ]

    def _compute_signed_count(self):
        counts = dict(
            self.env["damage.report.signed.form"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.signed_count = counts.get(template, 0)

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates._check_common_forms_access()
        return templates

    def write(self, vals):
        self._check_common_forms_access()
        result = super().write(vals)
        self._check_common_forms_access()
        return result

    def unlink(self):
        self._check_common_forms_access()
        return super().unlink()

    def _check_common_forms_access(self):
        """A common form (no company) is what the customers of every company
        sign: only a user of every company makes, changes or deletes one, not
        the administrator of one company among others."""
        common = self.filtered(lambda template: not template.company_id)
        if not common or self.env.su:
            return
        if self.env["res.company"].sudo().search([]) - self.env.user.company_ids:
            raise AccessError(
                _("Only a user of every company can change the forms common to all companies.")
            )

    @api.model
    def _current_forms(self, company):
        """The forms a customer of ``company`` signs now: one per code, the
        newest active version, the company's own before the common one."""
        templates = self.search(
            [("company_id", "in", [False, company.id])], order="sequence, id desc"
        )
        current = {}
        for template in templates.sorted(lambda t: (not t.company_id, -t.id)):
            current.setdefault(template.code, template)
        return self.browse([t.id for t in templates if current[t.code] == t])

    def _render_body(self, report):
        """The form's text for ``report``, as HTML."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            self.body_view_id.id, {"report": report, "company": report.company_id}
        )

    def action_view_signed_forms(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "damage.report.signed.form",
            "view_mode": "list,form",
            "domain": [("template_id", "=", self.id)],
        }
