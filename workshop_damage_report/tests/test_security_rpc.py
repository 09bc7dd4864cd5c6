# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The damage reports attacked through every RPC path and download, as a
portal user, as an internal user without the damage-report groups, as a
damage-report user of another company, and as the public user on the
customer's routes."""

import base64
import io
import zipfile
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..core import customer
from .public_common import START, PublicCase, jpeg
from .workshop_common import WorkshopCommonMixin

#: What a customer may type to attack the workshop's pages and e-mails.
SCRIPT = "<script>alert('dr')</script>"
ESCAPED = "&lt;script&gt;"

MODELS = (
    "damage.report",
    "damage.report.photo",
    "damage.report.slot",
    "damage.report.signed.form",
    "damage.report.form.template",
)


#: A harmless change of each model, tried by those who may not.
WRITES = {
    "damage.report": {"customer_name": "Mallory"},
    "damage.report.photo": {"category": "other"},
    "damage.report.slot": {"kind": "preferred"},
    "damage.report.signed.form": {"signer_name": "Mallory"},
    "damage.report.form.template": {"name": "Mallory"},
}


def signature_png():
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


class SecurityCommonMixin(WorkshopCommonMixin):
    """A report of company A with a photo, dates and a signed form; a
    report of company B; users who must not see company A's."""

    @classmethod
    def _setup_security(cls):
        cls._setup_workshop()
        cls.report.write(
            {"origin_ip_hash": "feedface", "state": "link_sent", "customer_city": "Stuttgart"}
        )
        cls.report._renew_link()
        cls.photo = cls.report._add_photo("front_left", jpeg())
        cls.slot = cls.env["damage.report.slot"].create(
            {
                "report_id": cls.report.id,
                "kind": "proposed",
                "start": fields.Datetime.now() + timedelta(days=3),
            }
        )
        Template = cls.env["damage.report.form.template"]
        cls.template = Template._current_forms(cls.company)[:1]
        cls.pdf = cls.env["ir.attachment"].create(
            {
                "name": "signed.pdf",
                "raw": b"%PDF-1.4 signed by Erika",
                "res_model": "damage.report",
                "res_id": cls.report.id,
            }
        )
        cls.signed = cls.env["damage.report.signed.form"].create(
            {
                "report_id": cls.report.id,
                "template_id": cls.template.id,
                "version": cls.template.version,
                "signer_name": "Erika Mustermann",
                "signed_at": fields.Datetime.now(),
                "signature": base64.b64encode(signature_png()),
                "attachment_id": cls.pdf.id,
            }
        )
        cls.photo_file = cls.env["ir.attachment"].search(
            [
                ("res_model", "=", "damage.report.photo"),
                ("res_id", "=", cls.photo.id),
                ("res_field", "=", "image_data"),
            ]
        )
        cls.company_b = cls.env["res.company"].create({"name": "Karosserie Fremd"})
        cls.own_template = Template.create(
            {
                "name": "RKÜ der Werkstatt",
                "code": cls.template.code,
                "version": "A/2026",
                "company_id": cls.company.id,
                "body_view_id": cls.template.body_view_id.id,
            }
        )
        cls.template_b = Template.create(
            {
                "name": "RKÜ Fremd",
                "code": cls.template.code,
                "version": "B/2026",
                "company_id": cls.company_b.id,
                "body_view_id": cls.template.body_view_id.id,
            }
        )
        cls.user_b = new_test_user(
            cls.env,
            login="atk_branch",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="base.group_user,workshop_damage_report.group_damage_report_user",
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="atk_branch_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="base.group_user,workshop_damage_report.group_damage_report_manager",
        )
        cls.user_plain = new_test_user(cls.env, login="atk_plain", groups="base.group_user")
        cls.user_portal = new_test_user(cls.env, login="atk_portal", groups="base.group_portal")
        # the export is tried, not refused for want of the export right
        export = cls.env.ref("base.group_allow_export")
        for user in (cls.user_workshop, cls.user_manager, cls.user_b, cls.user_plain):
            user.groups_id = [(4, export.id)]
        cls.report_b = (
            cls.env["damage.report"]
            .with_company(cls.company_b)
            .create(
                {
                    "company_id": cls.company_b.id,
                    "user_id": cls.user_b.id,
                    "customer_name": "Fritz Fremd",
                    "license_plate": "B FF 1",
                }
            )
        )
        cls.photo_b = cls.report_b._add_photo("rear_right", jpeg())
        cls.slot_b = cls.env["damage.report.slot"].create(
            {
                "report_id": cls.report_b.id,
                "start": fields.Datetime.now() + timedelta(days=4),
            }
        )

    def _records(self):
        return {
            "damage.report": self.report,
            "damage.report.photo": self.photo,
            "damage.report.slot": self.slot,
            "damage.report.signed.form": self.signed,
            "damage.report.form.template": self.own_template,
        }


@tagged("post_install", "-at_install")
class TestSecurityRpc(SecurityCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_security()

    def _outsiders(self):
        return {"portal": self.user_portal, "plain": self.user_plain, "company_b": self.user_b}

    # --- reading --------------------------------------------------------

    def test_outsiders_read_nothing(self):
        for who, user in self._outsiders().items():
            for model, record in self._records().items():
                with self.subTest(who=who, model=model):
                    Model = self.env[model].with_user(user)
                    mine = record.with_user(user)
                    with self.assertRaises(AccessError):
                        mine.read(["display_name"])
                    with self.assertRaises(AccessError):
                        mine.web_read({"display_name": {}})
                    with self.assertRaises(AccessError):
                        mine.check_access("read")
                    # a portal user has not even the right to export
                    with self.assertRaises(UserError if who == "portal" else AccessError):
                        mine.export_data(["id", "display_name"])
                    try:
                        found = Model.search_read([("id", "=", record.id)], ["display_name"])
                    except AccessError:
                        found = []
                    self.assertFalse(found)
                    try:
                        found = Model.web_search_read([("id", "=", record.id)], {"id": {}})
                    except AccessError:
                        found = {"records": []}
                    self.assertFalse(found["records"])
                    try:
                        named = Model.name_search(record.display_name)
                        counted = Model.search_count([("id", "=", record.id)])
                    except AccessError:
                        named, counted = [], 0
                    self.assertNotIn(record.id, [record_id for record_id, _name in named])
                    self.assertEqual(counted, 0)
                    try:
                        groups = Model.read_group([("id", "=", record.id)], ["id"], [])
                    except AccessError:
                        groups = [{"__count": 0}]
                    self.assertEqual(groups[0]["__count"], 0)

    def test_outsiders_read_no_file(self):
        for who, user in self._outsiders().items():
            for attachment in self.photo_file | self.pdf:
                with self.subTest(who=who, file=attachment.name):
                    self.env.invalidate_all()
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).read(["name", "datas"])
                    self.env.invalidate_all()
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).raw  # noqa: B018
                    try:
                        found = (
                            self.env["ir.attachment"]
                            .with_user(user)
                            .search([("id", "=", attachment.id), ("res_field", "!=", "x")])
                        )
                    except AccessError:
                        found = []
                    self.assertFalse(found)

    def test_outsiders_through_a_photo_reach_no_report(self):
        """A relational read from a record of one's own leads nowhere either."""
        spec = {"report_id": {"fields": {"access_token": {}, "customer_name": {}}}}
        with self.assertRaises(AccessError):
            self.photo.with_user(self.user_b).web_read(spec)

    def test_the_access_token(self):
        token = self.report.access_token
        self.assertTrue(token)
        self.assertEqual(self.report.with_user(self.user_workshop).access_token, token)
        self.assertTrue(self.report.with_user(self.user_workshop).link_url)
        for who, user in self._outsiders().items():
            with self.subTest(who=who), self.assertRaises(AccessError):
                self.report.with_user(user).read(["access_token"])

    def test_origin_ip_hash_only_for_the_system(self):
        for user in (self.user_workshop, self.user_manager):
            report = self.report.with_user(user)
            with self.subTest(user=user.login):
                self.assertNotIn("origin_ip_hash", report.fields_get())
                with self.assertRaises(AccessError):
                    report.read(["origin_ip_hash"])
                with self.assertRaises(AccessError):
                    report.export_data(["origin_ip_hash"])
                with self.assertRaises(AccessError):
                    report.search([("origin_ip_hash", "=", "feedface")])
                with self.assertRaises(AccessError):
                    report.read_group([], ["origin_ip_hash"], ["origin_ip_hash"])
                with self.assertRaises(AccessError):
                    report.write({"origin_ip_hash": "other"})
        self.assertEqual(self.report.origin_ip_hash, "feedface")

    # --- writing --------------------------------------------------------

    def test_outsiders_change_nothing(self):
        for who, user in self._outsiders().items():
            for model, record in self._records().items():
                with self.subTest(who=who, model=model):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write(WRITES[model])
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
            with self.subTest(who=who, op="create"), self.assertRaises(AccessError):
                self.env["damage.report.slot"].with_user(user).create(
                    {"report_id": self.report.id, "start": fields.Datetime.now()}
                )
        self.assertTrue(self.slot.exists() and self.photo.exists() and self.signed.exists())

    def test_no_web_save_on_another_companys_report(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_b).web_save({"customer_name": "x"}, {})
        self.assertEqual(self.report.customer_name, "Erika Mustermann")

    def test_no_report_made_or_edited_for_another_company(self):
        Report = self.env["damage.report"].with_user(self.user_b)
        with self.assertRaises(AccessError):
            Report.web_save({"company_id": self.company.id, "customer_name": "x"}, {})
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_b).onchange(
                {"customer_name": "x"}, ["customer_name"], {"customer_city": {}}
            )
        defaults = Report.default_get(list(Report._fields))
        self.assertEqual(defaults.get("company_id"), self.company_b.id)
        self.assertNotIn("access_token", defaults)
        for who, user in {"portal": self.user_portal, "plain": self.user_plain}.items():
            with self.subTest(who=who), self.assertRaises(AccessError):
                self.env["damage.report"].with_user(user).web_save({"customer_name": "x"}, {})

    def test_no_photo_moved_into_another_companys_report(self):
        with self.assertRaises(AccessError):
            self.photo_b.with_user(self.user_b).write({"report_id": self.report.id})
        self.assertEqual(self.photo_b.report_id, self.report_b)
        self.assertEqual(self.report.photo_ids, self.photo)

    def test_no_date_moved_into_another_companys_report(self):
        with self.assertRaises(AccessError):
            self.slot_b.with_user(self.user_b).write({"report_id": self.report.id})
        self.assertEqual(self.slot_b.report_id, self.report_b)
        with self.assertRaises(AccessError):
            self.report_b.with_user(self.user_b).write(
                {"slot_ids": [(4, self.slot.id)], "photo_ids": [(4, self.photo.id)]}
            )
        self.assertEqual(self.slot.report_id, self.report)

    def test_no_file_attached_to_another_companys_report(self):
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.user_b).create(
                {
                    "name": "x.pdf",
                    "raw": b"x",
                    "res_model": "damage.report",
                    "res_id": self.report.id,
                }
            )
        with self.assertRaises(AccessError):
            self.pdf.with_user(self.user_b).write({"res_id": self.report_b.id})

    def test_no_message_on_another_companys_report(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.user_b).message_post(body="x")

    # --- the forms ------------------------------------------------------

    def test_forms_of_other_companies(self):
        Template = self.env["damage.report.form.template"].with_user(self.manager_b)
        self.assertIn(self.template, Template.search([]), "the common forms are shared")
        self.assertNotIn(self.own_template, Template.search([]))
        with self.assertRaises(AccessError):
            self.own_template.with_user(self.manager_b).write({"active": False})

    def test_a_common_form_is_not_changed_from_one_company(self):
        """A common form is every company's: a manager of one company only
        cannot change, archive or delete it, nor add a common version that
        the other companies' customers would sign."""
        common = self.template.with_user(self.manager_b)
        with self.assertRaises(AccessError):
            common.write({"active": False})
        with self.assertRaises(AccessError):
            common.unlink()
        with self.assertRaises(AccessError):
            self.own_template.sudo().write({"company_id": False})
            self.own_template.with_user(self.manager_b).write({"name": "x"})
        Template = self.env["damage.report.form.template"].with_user(self.manager_b)
        with self.assertRaises(AccessError):
            Template.create(
                {
                    "name": "RKÜ untergeschoben",
                    "code": self.template.code,
                    "version": "99/2099",
                    "body_view_id": self.template.body_view_id.id,
                }
            )
        with self.assertRaises(AccessError):
            self.template_b.with_user(self.manager_b).write({"company_id": False})
        self.assertTrue(self.template.exists().active)
        self.assertEqual(self.template_b.company_id, self.company_b)
        # its own company's forms it manages
        self.template_b.with_user(self.manager_b).write({"sequence": 3})
        self.assertEqual(self.template_b.sequence, 3)

    def test_a_manager_of_every_company_changes_a_common_form(self):
        self.manager_b.company_ids = [
            (4, company.id) for company in self.env["res.company"].search([])
        ]
        self.template.with_user(self.manager_b).write({"sequence": 4})
        self.assertEqual(self.template.sequence, 4)

    def test_sign_refuses_another_companys_form(self):
        with self.assertRaises(UserError):
            self.report._sign_form(self.template_b, "Erika Mustermann", signature_png())
        self.assertEqual(self.report.signed_form_ids, self.signed)

    # --- the wizards ----------------------------------------------------

    def test_wizards_on_another_companys_report(self):
        user = self.user_b
        with self.assertRaises(AccessError):
            self.env["damage.report.photo.request"].with_user(user).with_context(
                default_report_id=self.report.id
            ).default_get(["report_id", "line_ids"])
        wizard = (
            self.env["damage.report.propose.wizard"]
            .with_user(user)
            .create(
                {"report_id": self.report.id, "date_1": fields.Datetime.now() + timedelta(days=2)}
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_propose()
        with self.assertRaises(AccessError):
            self.env["damage.report.order.wizard"].with_user(user).onchange(
                {"report_id": self.report.id}, ["report_id"], {"customer_display": {}}
            )
        order_wizard = (
            self.env["damage.report.order.wizard"]
            .with_user(user)
            .create({"report_id": self.report.id})
        )
        with self.assertRaises(AccessError):
            order_wizard.read(["customer_display"])
        with self.assertRaises(AccessError):
            order_wizard.action_create_partner()
        self.assertEqual(self.report.state, "link_sent")
        self.assertFalse(self.report.repair_order_id)

    def test_wizards_closed_to_outsiders(self):
        for who, user in {"portal": self.user_portal, "plain": self.user_plain}.items():
            for model in (
                "damage.report.propose.wizard",
                "damage.report.photo.request",
                "damage.report.order.wizard",
            ):
                with self.subTest(who=who, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).create({"report_id": self.report.id})

    def test_the_xlsx_export_of_another_company(self):
        reports = (
            self.env["damage.report"]
            .with_user(self.user_b)
            .search([("id", "in", [self.report.id, self.report_b.id])])
        )
        self.assertEqual(reports, self.report_b)
        data = reports._export_xlsx()
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            text = "".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
        self.assertNotIn("Erika", text)
        self.assertIn("Fritz Fremd", text)

    # --- what a customer types, in the workshop's e-mails and notes -------

    def test_html_of_the_customer_is_escaped_in_mails_and_notes(self):
        self.report.sudo().write(
            {
                "customer_name": SCRIPT,
                "license_plate": SCRIPT,
                "damage_description": SCRIPT,
                "customer_email": "erika@example.com",
            }
        )
        self.broker.write({"damage_report_notify": True, "damage_report_email": "b@example.com"})
        for xmlid in (
            "mail_template_damage_report_link",
            "mail_template_damage_report_photos",
            "mail_template_damage_report_reported",
            "mail_template_damage_report_broker",
            "mail_template_customer_confirmation",
        ):
            template = self.env.ref(f"workshop_damage_report.{xmlid}")
            body = template._render_field("body_html", self.report.ids)[self.report.id]
            with self.subTest(template=xmlid):
                self.assertNotIn("<script", body)
                self.assertIn(ESCAPED, body)
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            self.report._sign_form(self.own_template, SCRIPT, signature_png())
        note = self.report.message_ids[:1]
        self.assertNotIn("<script", note.body)
        self.assertIn(ESCAPED, note.body)


@tagged("post_install", "-at_install")
class TestSecurityHttp(SecurityCommonMixin, PublicCase):
    """The downloads of the back end and the customer's routes, over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_security()

    def _downloads(self):
        photo_file, pdf = self.photo_file, self.pdf
        return {
            "photo content": f"/web/content/damage.report.photo/{self.photo.id}/image_data",
            "photo image": f"/web/image/damage.report.photo/{self.photo.id}/image_data",
            "photo file": f"/web/content/{photo_file.id}?download=true",
            "photo file image": f"/web/image/{photo_file.id}",
            "signature": f"/web/image/damage.report.signed.form/{self.signed.id}/signature",
            "signed pdf": f"/web/content/{pdf.id}?download=true",
            "signed pdf raw": f"/web/content/ir.attachment/{pdf.id}/raw",
            "photo zip": f"/damage_report/{self.report.id}/photos.zip",
            "signed form report": (
                f"/report/pdf/workshop_damage_report.report_signed_form/{self.signed.id}"
            ),
            "signed form html": (
                f"/report/html/workshop_damage_report.report_signed_form/{self.signed.id}"
            ),
            "withdrawal notice": (
                f"/report/pdf/workshop_damage_report.report_withdrawal_notice/{self.report.id}"
            ),
            "withdrawal notice html": (
                f"/report/html/workshop_damage_report.report_withdrawal_notice/{self.report.id}"
            ),
        }

    def assertNotServed(self, response, what):
        """Neither the photo (JPEG), nor the PDF, nor the zip, nor the customer."""
        content = response.content
        self.assertFalse(
            response.status_code == 200
            and content[:4] in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb", b"%PDF", b"PK\x03\x04"),
            what,
        )
        self.assertNotIn(b"Erika", content, what)
        self.assertNotIn(b"signed by Erika", content, what)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_downloads_closed_to_outsiders(self):
        for login in (None, "atk_portal", "atk_plain", "atk_branch"):
            self.authenticate(login, login)
            for what, url in self._downloads().items():
                with self.subTest(login=login, what=what):
                    # the server reads the files afresh, as in its own transaction
                    self.env.invalidate_all()
                    self.assertNotServed(self.url_open(url), what)
            with self.subTest(login=login, what="photo with the report's token"):
                url = (
                    f"/web/content/damage.report.photo/{self.photo.id}/image_data"
                    f"?access_token={self.report.access_token}"
                )
                self.assertNotServed(self.url_open(url), "token")

    def test_downloads_open_to_the_workshop(self):
        self.authenticate("dr_workshop", "dr_workshop")
        for what in ("photo content", "signed pdf", "photo zip"):
            with self.subTest(what=what):
                response = self.url_open(self._downloads()[what])
                self.assertEqual(response.status_code, 200, what)

    @mute_logger("odoo.http")
    def test_the_xlsx_export_of_outsiders(self):
        url = f"/damage_report/export.xlsx?ids={self.report.id},{self.report_b.id}"
        for login in ("atk_portal", "atk_plain"):
            self.authenticate(login, login)
            with self.subTest(login=login):
                self.assertNotEqual(self.url_open(url).status_code, 200)
        self.authenticate("atk_branch", "atk_branch")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            text = "".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
        self.assertNotIn("Erika", text)
        self.assertIn("Fritz Fremd", text)

    # --- the customer's routes with another report's token ----------------

    def test_another_reports_photo_with_a_valid_token(self):
        other = self.base(self.other)
        self.assertEqual(self.url_open(f"{other}/photo/{self.photo.id}").status_code, 404)
        response = self.url_open(
            f"{other}/photo/{self.photo.id}/delete", data={"csrf_token": self.csrf(START)}
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.photo.exists())

    def test_another_reports_date_with_a_valid_token(self):
        (self.report | self.other).write({"state": "appointment_proposed"})
        response = self.url_open(
            f"{self.base(self.other)}/slot/{self.slot.id}/confirm",
            data={"csrf_token": self.csrf(START)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.slot.chosen)
        self.assertEqual(self.report.state, "appointment_proposed")

    def test_another_companys_form_cannot_be_signed(self):
        data_url = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
        for template in (self.template_b, self.env["damage.report.form.template"]):
            response = self.url_open(
                f"{self.base(self.other)}/sign",
                data={
                    "csrf_token": self.csrf(START),
                    "template_id": str(template.id),
                    "signer_name": "Otto",
                    "signature": data_url,
                },
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(self.other.signed_form_ids)

    @mute_logger("odoo.http")
    def test_posts_without_csrf_are_refused(self):
        base = self.base(self.other)
        data_url = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
        posts = {
            "contact": ({"customer_name": "Mallory", "license_plate": "M AB 1234"}, None),
            "photo": ({"category": "front_left"}, {"file": ("a.jpg", jpeg(), "image/jpeg")}),
            "sign": ({"template_id": str(self.template.id), "signature": data_url}, None),
            "submit": ({}, None),
            f"photo/{self.photo.id}/delete": ({}, None),
        }
        for path, (data, files) in posts.items():
            with self.subTest(path=path):
                response = self.url_open(f"{base}/{path}", data=data or {"x": "1"}, files=files)
                self.assertEqual(response.status_code, 400)
        response = self.url_open(START, data={"customer_name": "Mallory", "x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.other.customer_name, "Otto Private")
        self.assertFalse(self.other.photo_ids)
        self.assertFalse(self.other.signed_form_ids)
        self.assertEqual(self.other.state, "link_sent")
        self.assertFalse(self.env["damage.report"].search([("customer_name", "=", "Mallory")]))

    @mute_logger("odoo.http")
    def test_a_huge_description_is_not_stored(self):
        response = self.post_step(
            self.other, "damage", {"damage_description": "x" * 10 * 1024 * 1024}
        )
        self.assertNotEqual(response.status_code, 500)
        self.assertLessEqual(len(self.other.damage_description or ""), customer.DESCRIPTION_LIMIT)

    def test_html_of_the_customer_is_escaped_in_the_pages(self):
        self.other.write(
            {
                "customer_name": SCRIPT,
                "license_plate": SCRIPT,
                "customer_email": SCRIPT,
                "damage_description": SCRIPT,
                "insurer_name": SCRIPT,
            }
        )
        for step in ("contact", "insurance", "damage", "review"):
            with self.subTest(step=step):
                text = self.url_open(f"{self.base(self.other)}/{step}").text
                self.assertNotIn("<script>alert", text)
        response = self.url_open(
            START,
            data={
                "csrf_token": self.csrf(START),
                "customer_name": SCRIPT,
                "customer_email": "not an address",
                "license_plate": SCRIPT,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("<script>alert", response.text)
        self.other.sudo().write({"state": "reported"})
        text = self.url_open(self.base(self.other)).text
        self.assertIn("&lt;script&gt;", text)
        self.assertNotIn("<script>alert", text)
