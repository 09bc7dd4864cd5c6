# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's web app: /schadenmeldung (standard link) and
/schadenmeldung/r/<id>/<token> (personal link).

The customer has no account: every route under the personal link checks
the report's token first (``damage.report._link_valid``) and only then works
as superuser, on that report and on records it owns.
"""

import base64
import hashlib
import hmac
from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.misc import babel_locale_parse

from ..core import customer, photos

#: Room for the multipart envelope around a photo (boundaries, headers, token).
MULTIPART_ENVELOPE = 64 * 1024
#: Largest signature accepted (a PNG data URL of the drawn pad).
MAX_SIGNATURE_BYTES = 512 * 1024
SIGNATURE_PREFIX = "data:image/png;base64,"
#: The fields of the standard link's start form.
START_FIELDS = ("customer_name", "customer_phone", "customer_email", "license_plate")
#: The honeypot of the start form: people leave it empty.
HONEYPOT = "website"
STEP_TEMPLATES = {step: f"workshop_damage_report.public_step_{step}" for step in customer.STEPS}


def _max_photo_request(controller=None):
    return photos.MAX_BYTES + MULTIPART_ENVELOPE


def _max_signature_request(controller=None):
    return MAX_SIGNATURE_BYTES + MULTIPART_ENVELOPE


class DamageReportController(http.Controller):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _report(self, report_id, token):
        """The report the link opens, as superuser, or ``None``: the token is
        the customer's authorisation (checked in constant time)."""
        report = request.env["damage.report"].sudo().browse(report_id).exists()
        if not report or not report._link_valid(token):
            return None
        return report._customer_env()

    def _render(self, template, values, status=200):
        """A page in the company's language (German for a German workshop)."""
        company = values.get("company")
        lang = (company and company.partner_id.lang) or "de_DE"
        request.update_context(lang=lang)
        values = dict(
            values,
            html_lang=lang.split("_")[0],
            show_logo=bool(company and company.logo and company.logo != company._get_logo()),
        )
        response = request.render(template, values, status=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _invalid_link(self):
        """One page for every link that does not open a report: it says no
        more than "expired or revoked"."""
        return self._render("workshop_damage_report.public_link_invalid", {}, status=410)

    def _step_titles(self):
        _ = request.env._
        return {
            "contact": _("Contact and vehicle"),
            "insurance": _("Insurance"),
            "photos": _("Photos"),
            "damage": _("Damage"),
            "dates": _("Dates"),
            "forms": _("Forms"),
            "review": _("Review and send"),
        }

    def _field_value(self, report, posted):
        """The value an input shows: what was just posted (to correct it), or
        what the report holds."""

        def value(name):
            if posted:
                return posted.get(name) or ""
            field = report._fields[name]
            current = report[name]
            if field.type == "date":
                return current.isoformat() if current else ""
            if field.type == "integer":
                return str(current) if current else ""
            return current or ""

        return value

    def _base(self, report, token):
        return f"/schadenmeldung/r/{report.id}/{token}"

    def _step_url(self, report, token, step):
        return f"{self._base(report, token)}/{step}"

    def _current_step(self, report):
        return report.step if report.step in customer.STEPS else customer.STEPS[0]

    def _step_values(self, report, token, step, error=None, posted=None):
        company = report.company_id
        index = customer.STEPS.index(step)
        furthest = customer.STEPS.index(self._current_step(report))
        photo_model = request.env["damage.report.photo"]
        categories = photo_model._fields["category"]._description_selection(report.env)
        requested = [code for code in (report.requested_categories or "").split(",") if code]
        ordered = [item for item in categories if item[0] in requested] + [
            item for item in categories if item[0] not in requested
        ]
        today = customer.local_today(report._customer_tz(), fields.Datetime.now())
        return {
            "report": report,
            "company": company,
            "token": token,
            "base_url": self._base(report, token),
            "step": step,
            "steps": customer.STEPS,
            "step_index": index,
            "step_titles": self._step_titles(),
            "value": self._field_value(report, posted),
            "furthest": max(furthest, index),
            "error": error,
            "posted": posted or {},
            "cover_types": report._fields["cover_type"]._description_selection(report.env),
            "photo_categories": ordered,
            "requested_categories": requested,
            "max_photos": company.damage_report_max_photos or photos.MAX_PHOTOS,
            "max_bytes": photos.MAX_BYTES,
            "time_options": customer.time_options(
                company.damage_report_hour_from, company.damage_report_hour_to
            ),
            "date_min": (today + timedelta(days=1)).isoformat(),
            "date_max": (today + timedelta(days=customer.MAX_DAYS_AHEAD)).isoformat(),
            "today": today.isoformat(),
            "preferred": self._preferred_inputs(report),
            "opening_text": self._opening_text(report),
            "opening_days": ",".join(
                str(day)
                for day in sorted(customer.opening_days(company.damage_report_opening_days))
            ),
            "form_templates": self._form_templates(report),
            "signed_template_ids": set(report.signed_form_ids.template_id.ids),
        }

    def _preferred_inputs(self, report):
        """The date and time inputs of the dates step: the saved preferred
        dates in the company's time zone, then empty ones, three in all."""
        zone = ZoneInfo(report._customer_tz())
        inputs = []
        for slot in report.preferred_slot_ids[: customer.MAX_PREFERRED_DATES]:
            local = slot.start.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
            inputs.append({"date": local.date().isoformat(), "time": local.strftime("%H:%M")})
        empty = {"date": "", "time": ""}
        return inputs + [empty] * (customer.MAX_PREFERRED_DATES - len(inputs))

    def _opening_text(self, report):
        """The opening days and hours, e.g. "Mo, Di, Mi, Do, Fr · 08:00–17:00"."""
        company = report.company_id
        locale = babel_locale_parse(report.env.lang or "de_DE")
        names = get_day_names("abbreviated", locale=locale)
        days = sorted(customer.opening_days(company.damage_report_opening_days))
        options = customer.time_options(
            company.damage_report_hour_from, company.damage_report_hour_to
        )
        hours = (
            f"{options[0]}–{customer.hour_text(company.damage_report_hour_to)}" if options else ""
        )
        return " · ".join(part for part in (", ".join(names[day] for day in days), hours) if part)

    def _form_templates(self, report):
        """The forms the customer signs: the newest version of each."""
        return request.env["damage.report.form.template"].sudo()._current_forms(report.company_id)

    # ------------------------------------------------------------------
    # The standard link
    # ------------------------------------------------------------------

    def _public_company(self, slug=None):
        domain = [("damage_report_public", "=", True)]
        if slug:
            domain.append(("damage_report_slug", "=", slug))
        return request.env["res.company"].sudo().search(domain, order="sequence, id", limit=1)

    def _origin_ip_hash(self):
        """A keyed hash of the client's address: counted, never stored in clear."""
        secret = request.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        address = request.httprequest.remote_addr or ""
        return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()

    def _rate_limited(self, company, ip_hash):
        """Whether this address made the company's limit of reports in the last
        hour. The count is in the database and serialised per address by a
        transaction lock, so it holds across worker processes."""
        request.env.cr.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int(ip_hash[:15], 16) - (1 << 59)]
        )
        count = (
            request.env["damage.report"]
            .sudo()
            .search_count(
                [
                    ("origin_ip_hash", "=", ip_hash),
                    ("company_id", "=", company.id),
                    ("create_date", ">", fields.Datetime.now() - timedelta(hours=1)),
                ]
            )
        )
        return count >= company.damage_report_rate_limit

    @http.route(
        ["/schadenmeldung", "/schadenmeldung/<string:slug>"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def start(self, slug=None, **post):
        """The start form of the standard link (name, phone, e-mail, plate);
        its POST creates a report with only those fields and opens it."""
        company = self._public_company(slug)
        if not company:
            raise request.not_found()
        values = {"company": company, "posted": {}, "error": None, "honeypot": HONEYPOT}
        if request.httprequest.method != "POST":
            return self._render("workshop_damage_report.public_start", values)
        if post.get(HONEYPOT):
            return self._render("workshop_damage_report.public_refused", values, status=400)
        ip_hash = self._origin_ip_hash()
        if self._rate_limited(company, ip_hash):
            return self._render("workshop_damage_report.public_rate_limited", values, status=429)
        entered = {name: post.get(name) or "" for name in START_FIELDS}
        Report = request.env["damage.report"].sudo().with_company(company)
        try:
            with request.env.cr.savepoint():
                report = Report.create(
                    {
                        "company_id": company.id,
                        "source": "public",
                        "state": "link_sent",
                        "origin_ip_hash": ip_hash,
                        "user_id": company.damage_report_notify_user_id.id,
                    }
                )
                report._customer_env()._customer_write("contact", entered)
        except UserError as error:
            values.update(posted=entered, error=error.args[0])
            return self._render("workshop_damage_report.public_start", values, status=400)
        report._renew_link()
        return request.redirect(self._base(report, report.access_token), local=True)

    # ------------------------------------------------------------------
    # The personal link: the steps
    # ------------------------------------------------------------------

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def report_page(self, report_id, token, **kwargs):
        """The link opens the step the customer reached, or the summary once sent."""
        report = self._report(report_id, token)
        if report is None:
            return self._invalid_link()
        if not report._customer_editable():
            return self._render(
                "workshop_damage_report.public_summary", self._summary_values(report, token)
            )
        return request.redirect(
            self._step_url(report, token, self._current_step(report)), local=True
        )

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/<string:step>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def report_step(self, report_id, token, step, **post):
        """A step of the app; its POST saves the step and opens the next one."""
        report = self._report(report_id, token)
        if report is None:
            return self._invalid_link()
        if step not in customer.STEPS:
            raise request.not_found()
        if not report._customer_editable():
            return request.redirect(self._base(report, token), local=True)
        if request.httprequest.method == "POST":
            try:
                report._customer_write(step, post)
            except UserError as error:
                values = self._step_values(report, token, step, error.args[0], post)
                return self._render(STEP_TEMPLATES[step], values, status=400)
            index = customer.STEPS.index(step)
            following = customer.STEPS[min(index + 1, len(customer.STEPS) - 1)]
            return request.redirect(self._step_url(report, token, following), local=True)
        return self._render(STEP_TEMPLATES[step], self._step_values(report, token, step))

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def submit(self, report_id, token, **post):
        """The customer sends the report: the confirmation page."""
        report = self._report(report_id, token)
        if report is None:
            return self._invalid_link()
        if not report._customer_editable():
            return request.redirect(self._base(report, token), local=True)
        try:
            report._submit_by_customer()
        except UserError as error:
            values = self._step_values(report, token, "review", error.args[0])
            return self._render(STEP_TEMPLATES["review"], values, status=400)
        values = dict(self._summary_values(report, token), just_sent=True)
        return self._render("workshop_damage_report.public_summary", values)

    def _summary_values(self, report, token):
        return {
            "report": report,
            "company": report.company_id,
            "token": token,
            "base_url": self._base(report, token),
            "just_sent": False,
            "proposed": report.proposed_slot_ids.filtered(lambda slot: not slot.chosen)
            if report.state == "appointment_proposed"
            else report.proposed_slot_ids.browse(),
            "cover_types": dict(report._fields["cover_type"]._description_selection(report.env)),
        }

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/slot/<int:slot_id>/confirm",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def confirm_slot(self, report_id, token, slot_id, **post):
        """The customer confirms one of the workshop's proposed dates."""
        report = self._report(report_id, token)
        if report is None:
            return self._invalid_link()
        slot = report.proposed_slot_ids.filtered(lambda record: record.id == slot_id)
        if not slot or report.state != "appointment_proposed":
            raise request.not_found()
        report._customer_confirm_slot(slot)
        return request.redirect(self._base(report, token), local=True)

    # ------------------------------------------------------------------
    # Photos and signatures
    # ------------------------------------------------------------------

    def _json_error(self, message, status):
        return request.make_json_response({"error": message}, status=status)

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/photo",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        max_content_length=_max_photo_request,
    )
    def photo_upload(self, report_id, token, category=None, file=None, **post):
        """One photo (multipart ``category``, ``file``): ``{id, category,
        url}``, or ``{error}`` with the customer's message."""
        report = self._report(report_id, token)
        Photo = request.env["damage.report.photo"]
        if report is None:
            return self._json_error(request.env._("This link is no longer valid."), 410)
        if not report._customer_editable():
            return self._json_error(
                request.env._("This damage report has been sent and can no longer be changed."),
                409,
            )
        if category not in dict(Photo._fields["category"].selection):
            category = "other"
        if not hasattr(file, "seek"):
            return self._json_error(Photo._error_message(photos.PhotoError("empty")), 400)
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
        if size > photos.MAX_BYTES:
            error = photos.PhotoError("too_large", limit=photos.MAX_BYTES)
            return self._json_error(Photo._error_message(error), 413)
        try:
            photo = report._add_photo(category, file.read(), file.filename)
        except UserError as error:
            return self._json_error(error.args[0], 400)
        return request.make_json_response(
            {
                "id": photo.id,
                "category": photo.category,
                "url": f"{self._base(report, token)}/photo/{photo.id}",
            }
        )

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/photo/<int:photo_id>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def photo_thumbnail(self, report_id, token, photo_id, **kwargs):
        """A small copy of one of the customer's own photos."""
        report = self._report(report_id, token)
        photo = report and report.photo_ids.filtered(lambda record: record.id == photo_id)
        if not photo:
            raise request.not_found()
        data = photos.thumbnail(base64.b64decode(photo.image_data))
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "image/jpeg"),
                ("Cache-Control", "private, max-age=3600"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/photo/<int:photo_id>/delete",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def photo_delete(self, report_id, token, photo_id, **post):
        """Remove one of this report's photos (no other)."""
        report = self._report(report_id, token)
        photo = report and report.photo_ids.filtered(lambda record: record.id == photo_id)
        if not photo or not report._customer_editable():
            return self._json_error(request.env._("This photo cannot be removed."), 404)
        photo.unlink()
        return request.make_json_response({"id": photo_id, "deleted": True})

    @http.route(
        "/schadenmeldung/r/<int:report_id>/<string:token>/sign",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        max_content_length=_max_signature_request,
    )
    def sign(self, report_id, token, template_id=None, signer_name=None, signature=None, **post):
        """Sign a form (``template_id``, ``signer_name``, ``signature`` as a
        PNG data URL): ``{id}`` of the signed form, or ``{error}``."""
        report = self._report(report_id, token)
        _ = request.env._
        if report is None:
            return self._json_error(_("This link is no longer valid."), 410)
        if not report._customer_editable():
            return self._json_error(
                _("This damage report has been sent and can no longer be changed."), 409
            )
        template = self._form_templates(report).filtered(
            lambda record: str(record.id) == (template_id or "")
        )
        name = (signer_name or "").strip()[:200]
        if not template:
            return self._json_error(_("This form cannot be signed here."), 404)
        if not name:
            return self._json_error(_("Please enter your name."), 400)
        png = self._signature_png(signature)
        if png is None:
            return self._json_error(_("Please sign in the box."), 400)
        try:
            signed = report._sign_form(template, name, png)
        except UserError as error:
            return self._json_error(error.args[0], 400)
        return request.make_json_response({"id": signed.id, "template_id": template.id})

    def _signature_png(self, data_url):
        """The PNG bytes of a signature data URL, or ``None`` if it is not one."""
        if not data_url or not data_url.startswith(SIGNATURE_PREFIX):
            return None
        if len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + len(SIGNATURE_PREFIX):
            raise RequestEntityTooLarge()
        try:
            png = base64.b64decode(data_url[len(SIGNATURE_PREFIX) :], validate=True)
        except ValueError:
            return None
        return png if png.startswith(b"\x89PNG\r\n\x1a\n") else None
