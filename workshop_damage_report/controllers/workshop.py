# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The workshop's downloads: the photos of a report as one zip, the
spreadsheet export. For internal users, through the ORM with their rights
(access rules and the multi-company record rules), never as superuser."""

import base64
import io
import re
import zipfile
from collections import Counter

from odoo import _, fields, http
from odoo.http import content_disposition, request


def _file_part(text):
    """``text`` usable in a file name: word characters, no separators."""
    return re.sub(r"[^\w-]+", "_", text or "").strip("_") or "file"


class DamageReportWorkshopController(http.Controller):
    @http.route(
        "/damage_report/<int:report_id>/photos.zip", type="http", auth="user", methods=["GET"]
    )
    def photos_zip(self, report_id, **kwargs):
        report = request.env["damage.report"].browse(report_id).exists()
        if not report:
            return request.not_found()
        report.check_access("read")
        labels = dict(report.photo_ids._fields["category"]._description_selection(request.env))
        counts = Counter()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            for photo in report.photo_ids:
                if not photo.image_data:
                    continue
                counts[photo.category] += 1
                name = f"{_file_part(labels.get(photo.category))}_{counts[photo.category]}.jpg"
                archive.writestr(name, base64.b64decode(photo.image_data))
        filename = f"{_file_part(report.name)}_{_file_part(_('Photos'))}.zip"
        return request.make_response(
            out.getvalue(),
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/damage_report/export.xlsx", type="http", auth="user", methods=["GET"])
    def export_xlsx(self, ids="", **kwargs):
        report_ids = [int(part) for part in ids.split(",") if part.strip().isdigit()]
        # search, not browse: only the reports the user may read
        reports = request.env["damage.report"].search([("id", "in", report_ids)])
        data = reports._export_xlsx()
        stamp = fields.Date.context_today(reports).isoformat()
        filename = f"{_file_part(_('Damage Reports'))}_{stamp}.xlsx"
        return request.make_response(
            data,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
