# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The upload of a DRA file over HTTP, and how its documents are served."""

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..core import dra
from .common import IgSoomCommonMixin, sample_bytes
from .test_dra_import_trust import PDF, variant

ROUTE = "/ig_soom_dra/dra_upload"


@tagged("post_install", "-at_install")
class TestDraUpload(IgSoomCommonMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.user_portal = new_test_user(
            cls.env, login="ig_upload_portal", groups="base.group_portal"
        )

    def _upload(self, data, name="KSR202019374.xml", csrf=True):
        """POST the file as the web client does (multipart, with the session's CSRF token)."""
        form = {"csrf_token": http.Request.csrf_token(self)} if csrf else {}
        return self.url_open(ROUTE, data=form, files={"ufile": (name, data, "text/xml")})

    def _uploads(self):
        return self.env["ir.attachment"].search([("res_model", "=", "dra.import.wizard")])

    def test_the_file_is_stored_for_its_user_and_loads(self):
        self.authenticate(self.user_workshop.login, self.user_workshop.login)
        response = self._upload(sample_bytes("KSR202019374.xml"), name="../../KSR202019374.xml")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        upload = self.env["ir.attachment"].browse(answer["id"])
        self.assertEqual(answer["name"], "KSR202019374.xml")
        self.assertEqual(upload.create_uid, self.user_workshop)
        self.assertEqual((upload.res_model, upload.res_id), ("dra.import.wizard", 0))
        self.assertFalse(upload.sudo().index_content, "the XML is not copied into an index")
        wizard = (
            self.env["dra.import.wizard"]
            .with_user(self.user_workshop)
            .create({"dra_attachment_id": upload.id})
        )
        wizard.action_next()
        self.assertTrue(wizard.loaded, wizard.error_message)
        self.assertEqual(wizard.dra_filename, "KSR202019374.xml")
        self.assertEqual(upload.res_id, wizard.id)

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self):
        self.env["ir.config_parameter"].sudo().set_param("ig_soom_dra.max_file_size_mb", "1")
        self.authenticate(self.user_workshop.login, self.user_workshop.login)
        before = self._uploads()
        # the request is larger than the limit: refused from its Content-Length
        with mute_logger("odoo.http", "werkzeug"):
            response = self._upload(b"<" * (1024 * 1024 + 100_000))
        self.assertEqual(response.status_code, 413)
        # the file is just over the limit, the request within it: refused by its size
        response = self._upload(b"<" * (1024 * 1024 + 10))
        self.assertEqual(response.status_code, 413)
        self.assertIn("1 MB", response.json()["error"])
        self.assertEqual(self._uploads(), before)

    def test_a_request_without_file_is_refused(self):
        self.authenticate(self.user_workshop.login, self.user_workshop.login)
        response = self.url_open(ROUTE, data={"csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["error"])

    def test_portal_users_and_requests_without_token_store_nothing(self):
        before = self._uploads()
        self.authenticate(self.user_portal.login, self.user_portal.login)
        response = self._upload(sample_bytes("KSR202019374.xml"))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(response.json()["error"])
        self.authenticate(self.user_workshop.login, self.user_workshop.login)
        with mute_logger("odoo.http"):
            response = self._upload(sample_bytes("KSR202019374.xml"), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._uploads(), before)

    def test_active_content_of_a_file_is_served_as_a_download(self):
        documents = [
            dra.DraAttachment(
                type="Sonstiges",
                filename="seite.html",
                mimetype="text/html",
                content=b"<html><script>alert(document.cookie)</script></html>",
            ),
            dra.DraAttachment(
                type="Bild",
                filename="bild.svg",
                mimetype="image/svg+xml",
                content=b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            ),
            dra.DraAttachment(
                type="Leistungsvereinbarung",
                filename="vereinbarung.pdf",
                mimetype="application/pdf",
                content=PDF,
            ),
        ]
        admin = self.env.ref("base.user_admin")
        wizard = self._start_wizard(variant(attachments=documents), "KSR202019374.xml", user=admin)
        for line in wizard.party_ids.filtered(lambda party: party.status in ("orange", "red")):
            line.action_create_partner()
        wizard.with_context(dra_step="finish").action_goto_step()
        order = self.env["repair.order"].browse(wizard.action_confirm()["res_id"])
        self.authenticate("admin", "admin")
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", order.id)]
        )
        served = {
            attachment.name: self.url_open(f"/web/content/{attachment.id}").headers
            for attachment in attachments
        }
        self.assertEqual(served["seite.html"]["Content-Type"], "application/octet-stream")
        self.assertEqual(served["bild.svg"]["Content-Type"], "application/octet-stream")
        self.assertEqual(served["vereinbarung.pdf"]["Content-Type"], "application/pdf")
        # the type asked for in the request is not obeyed
        html = attachments.filtered(lambda attachment: attachment.name == "seite.html")
        for asked in ("text/html", "text/html,", "image/svg+xml"):
            headers = self.url_open(f"/web/content/{html.id}?mimetype={asked}").headers
            self.assertEqual(headers["Content-Type"], "application/octet-stream", asked)
        # and in the assistant, before the takeover
        line = wizard.attachment_ids.filtered(lambda line: line.name == "seite.html")
        headers = self.url_open(f"/web/content/dra.import.attachment/{line.id}/data").headers
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        # the DRA file of the order (XML) too
        headers = self.url_open(f"/web/content/repair.order/{order.id}/dra_file").headers
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
