# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

#: Photo categories of the guided photos, in the order the app asks for them.
PHOTO_CATEGORIES = [
    ("front_left", "Front Left"),
    ("front_right", "Front Right"),
    ("rear_left", "Rear Left"),
    ("rear_right", "Rear Right"),
    ("damage_close", "Damage, Close Up"),
    ("damage_far", "Damage, From Further Away"),
    ("registration", "Registration Document (Part I)"),
    ("odometer", "Odometer"),
    ("vin_plate", "VIN Plate"),
    ("other", "Other"),
]


class DamageReportPhoto(models.Model):
    """A photo of a damage report, re-encoded without metadata."""

    _name = "damage.report.photo"
    _description = "Damage Report Photo"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one(
        "damage.report", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(PHOTO_CATEGORIES, required=True, default="other")
    name = fields.Char(string="File Name", readonly=True)
    image_data = fields.Binary(string="Photo", attachment=True, readonly=True)
    width = fields.Integer(readonly=True)
    height = fields.Integer(readonly=True)

    def write(self, vals):
        """A photo moves only to a report the user may change (the record
        rules are checked on the photo before the write, not after)."""
        if vals.get("report_id"):
            self.env["damage.report"].browse(vals["report_id"]).check_access("write")
        return super().write(vals)

    @api.model
    def _error_message(self, error):
        """The customer's message for a refused upload (``core.photos.PhotoError``)."""
        params = error.params
        messages = {
            "empty": _("The file is empty."),
            "too_large": _(
                "The file is larger than %s MB.", round(params.get("limit", 0) / 1024 / 1024)
            ),
            "not_image": _("The file is not a photo."),
            "format": _("Photos in this format cannot be taken: please send a JPEG or PNG."),
            "too_many_pixels": _("The photo has too many pixels."),
            "broken": _("The photo is damaged and cannot be read."),
            "too_many": _("No more than %s photos can be added to a report.", params.get("limit")),
        }
        return messages.get(error.code, messages["broken"])
