# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.damage_report_photo import PHOTO_CATEGORIES


class DamageReportPhotoRequest(models.TransientModel):
    """Ask the customer for more photos: the categories to take again."""

    _name = "damage.report.photo.request"
    _description = "Request More Photos of a Damage Report"

    report_id = fields.Many2one("damage.report", required=True, ondelete="cascade")
    line_ids = fields.One2many(
        "damage.report.photo.request.line", "request_id", string="Photo Categories"
    )
    note = fields.Text(string="Message to the Customer")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        report = self.env["damage.report"].browse(values.get("report_id")).exists()
        if report and "line_ids" in fields_list:
            present = set(report.photo_ids.mapped("category"))
            values["line_ids"] = [
                Command.create(
                    {
                        "category": code,
                        "present": code in present,
                        "selected": code not in present and code != "other",
                    }
                )
                for code, _label in PHOTO_CATEGORIES
            ]
        return values

    def action_request(self):
        self.ensure_one()
        categories = self.line_ids.filtered("selected").mapped("category")
        if not categories:
            raise UserError(_("Choose at least one kind of photo."))
        self.report_id._request_photos(categories, self.note)
        return {"type": "ir.actions.act_window_close"}


class DamageReportPhotoRequestLine(models.TransientModel):
    _name = "damage.report.photo.request.line"
    _description = "Photo Category to Request"

    request_id = fields.Many2one(
        "damage.report.photo.request", string="Photo Request", required=True, ondelete="cascade"
    )
    category = fields.Selection(PHOTO_CATEGORIES, required=True, readonly=True)
    present = fields.Boolean(string="Already Sent", readonly=True)
    selected = fields.Boolean(string="Request")
