# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's token opens the web app, not the report's chatter: the
mail routes that portal opens to a token holder stay closed."""

import json

from odoo.tests import tagged

from .public_common import PublicCase


@tagged("post_install", "-at_install")
class TestPublicChatter(PublicCase):
    def _rpc(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_token_cannot_post_into_the_chatter(self):
        self.report.message_post(body="Interne Notiz der Werkstatt", subtype_xmlid="mail.mt_note")
        before = self.report.message_ids
        answer = self._rpc(
            "/mail/message/post",
            {
                "thread_model": "damage.report",
                "thread_id": self.report.id,
                "post_data": {"body": "Hallo", "message_type": "comment"},
                "token": self.report.access_token,
            },
        )
        self.assertIn("error", answer)
        self.report.invalidate_recordset()
        self.assertEqual(self.report.message_ids, before)

    def test_token_cannot_read_the_chatter(self):
        self.report.message_post(
            body="Kundin zahlt selbst", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        answer = self._rpc(
            "/mail/chatter_fetch",
            {
                "thread_model": "damage.report",
                "thread_id": self.report.id,
                "token": self.report.access_token,
            },
        )
        self.assertNotIn("Kundin zahlt selbst", str(answer))

    def test_token_cannot_attach_files(self):
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "thread_model": "damage.report",
                "thread_id": self.report.id,
                "token": self.report.access_token,
                "csrf_token": self.csrf(self.base(self.report) + "/contact"),
            },
            files={"ufile": ("x.txt", b"hello", "text/plain")},
        )
        self.assertNotEqual(response.status_code, 200)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "damage.report"), ("res_id", "=", self.report.id)]
        )
        self.assertFalse(attachments)
