# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DamageReportFormTemplate(models.Model):
    """A versioned form the customer signs on screen (RKÜ,
    Leistungsvereinbarung). A new version is a new record; a signed form
    keeps the version it was signed in."""

    _name = "damage.report.form.template"
    _description = "Damage Report Form"
    _order = "sequence, code, id desc"

    name = fields.Char(required=True)
    code = fields.Selection(
        [("rku", "Repair Cost Assumption (RKÜ)"), ("service_agreement", "Service Agreement")],
        required=True,
    )
    version = fields.Char(required=True, help="The form's version, e.g. 01/2024.")
    body = fields.Html(required=True, sanitize=True, help="The form's text, as signed.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: the form of every company.")

    _sql_constraints = [
        (
            "code_version_unique",
            "UNIQUE(code, version, company_id)",
            "A form has each version only once.",
        ),
    ]
