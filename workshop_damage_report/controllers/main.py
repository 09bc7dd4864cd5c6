# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's web app: /schadenmeldung (standard link) and
/schadenmeldung/r/<id>/<token> (personal link)."""

from odoo import http
from odoo.http import request


class DamageReportController(http.Controller):
    def _report(self, report_id, token):
        """The report the link opens, as superuser, or ``None``: the token is
        the customer's authorisation (checked in constant time)."""
        report = request.env["damage.report"].sudo().browse(report_id).exists()
        if not report or not report._link_valid(token):
            return None
        return report

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def report_page(self, report_id, token, **kwargs):
        report = self._report(report_id, token)
        if report is None:
            return request.not_found()
        return request.make_response(report.name)
