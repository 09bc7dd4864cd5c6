# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    damage_report_public = fields.Boolean(
        string="Standard Damage Report Link Published",
        help="Anyone may report a damage through the company's standard link.",
    )
    damage_report_slug = fields.Char(
        string="Standard Link Name",
        help="The company's standard link is /schadenmeldung/<name>; /schadenmeldung alone "
        "opens the first company that publishes its link.",
    )
    damage_report_link_days = fields.Integer(string="Link Validity (Days)", default=14)
    damage_report_retention_days = fields.Integer(
        string="Keep Reports Without Order (Days)", default=90
    )
    damage_report_max_photos = fields.Integer(string="Most Photos per Report", default=40)
    damage_report_rate_limit = fields.Integer(
        string="Standard-Link Reports per Address and Hour", default=5
    )
    damage_report_opening_days = fields.Char(
        string="Opening Days",
        default="0,1,2,3,4",
        help="Weekdays the customer may choose dates on (0 = Monday … 6 = Sunday).",
    )
    damage_report_hour_from = fields.Float(string="Opening Hour", default=8.0)
    damage_report_hour_to = fields.Float(string="Closing Hour", default=17.0)
    damage_report_notify_user_id = fields.Many2one(
        "res.users",
        string="Notified of New Reports",
        help="Gets the activity and the e-mail of each new report of the standard link.",
    )

    _sql_constraints = [
        (
            "damage_report_slug_unique",
            "UNIQUE(damage_report_slug)",
            "Two companies cannot have the same standard link.",
        ),
    ]
