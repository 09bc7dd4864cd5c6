# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import CONNECTION_PASSWORD as SECRET_PASSWORD
from .common import IgSoomCommonMixin

SECRET_USER = "werkstatt-login-0815"
SECRET_URL = "https://soom-geheim.example.com"
SECRETS = (SECRET_PASSWORD, SECRET_USER, SECRET_URL)


@tagged("post_install", "-at_install")
class TestConnectionSecretsOverRpc(IgSoomCommonMixin, HttpCase):
    """The credentials of a portal connection, tried as an attacker over JSON-RPC.

    Every user but an administrator calls every path that returns field
    values of the connection (directly, through the broker, through the
    exchange log, through its chatter); the secret must never be in an
    answer.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.connection = cls._ig_connection(
            base_url="https://soom-alt.example.com", username="alt", password="alt"
        )
        # changes an administrator makes: tracked values and a chatter note
        cls.connection.write(
            {"base_url": SECRET_URL, "username": SECRET_USER, "password": SECRET_PASSWORD}
        )
        cls.company_b = cls.env["res.company"].create({"name": "Lackiererei Zweigstelle"})
        cls.users = {
            "portal": new_test_user(cls.env, login="ig_rpc_portal", groups="base.group_portal"),
            "internal": new_test_user(cls.env, login="ig_rpc_internal", groups="base.group_user"),
            "addon_user": new_test_user(
                cls.env,
                login="ig_rpc_user",
                groups="ig_soom_dra.group_ig_soom_user,base.group_allow_export",
            ),
            "addon_manager": new_test_user(
                cls.env,
                login="ig_rpc_manager",
                groups="ig_soom_dra.group_ig_soom_manager,base.group_allow_export",
            ),
            "other_company": new_test_user(
                cls.env,
                login="ig_rpc_company_b",
                groups="ig_soom_dra.group_ig_soom_manager,base.group_allow_export",
                company_id=cls.company_b.id,
                company_ids=[cls.company_b.id],
            ),
        }
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "Kundin RPC"}).id,
                "broker_id": cls.broker_ig.id,
                "soom_case_id": "case-rpc",
            }
        )
        cls.env["soom.transmission"].sudo().create(
            {"order_id": cls.order.id, "connection_id": cls.connection.id, "state": "failed"}
        )

    def _call(self, model, method, args, kwargs=None):
        """Call ``model.method`` over /web/dataset/call_kw; the raw answer and its error."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.text, response.json().get("error")

    def _paths(self):
        """Every RPC path that returns values of the connection:
        ``(name, model, method, args, kwargs)``."""
        connection, broker = self.connection.id, self.broker_ig.id
        spec = {name: {} for name in ("base_url", "username", "password")}
        return [
            ("default_get", "dra.broker.connection", "default_get", [list(spec)], {}),
            ("read", "dra.broker.connection", "read", [[connection], list(spec)], {}),
            ("search_read", "dra.broker.connection", "search_read", [[], list(spec)], {}),
            ("web_read", "dra.broker.connection", "web_read", [[connection], spec], {}),
            (
                "web_search_read",
                "dra.broker.connection",
                "web_search_read",
                [],
                {"domain": [], "specification": spec},
            ),
            ("export_data", "dra.broker.connection", "export_data", [[connection], list(spec)], {}),
            ("onchange", "dra.broker.connection", "onchange", [[connection], {}, [], spec], {}),
            (
                "onchange_new",
                "dra.broker.connection",
                "onchange",
                [[], {"broker_id": broker}, ["broker_id"], {**spec, "broker_id": {}}],
                {},
            ),
            (
                "read_group",
                "dra.broker.connection",
                "read_group",
                [[], ["password"], ["password"]],
                {},
            ),
            (
                "search_by_password",
                "dra.broker.connection",
                "search_count",
                [[["password", "=", SECRET_PASSWORD]]],
                {},
            ),
            ("fields_get", "dra.broker.connection", "fields_get", [], {}),
            (
                "broker_web_read",
                "dra.broker",
                "web_read",
                [[broker], {"connection_ids": {"fields": spec}}],
                {},
            ),
            (
                "broker_export",
                "dra.broker",
                "export_data",
                [[broker], ["connection_ids/password", "connection_ids/username"]],
                {},
            ),
            (
                "log_web_read",
                "soom.transmission",
                "web_search_read",
                [],
                {"domain": [], "specification": {"connection_id": {"fields": spec}}},
            ),
            (
                "chatter",
                "mail.message",
                "search_read",
                [
                    [["model", "in", ["dra.broker.connection", "dra.broker"]]],
                    ["body", "tracking_value_ids"],
                ],
                {},
            ),
            ("tracking", "mail.tracking.value", "search_read", [[], []], {}),
            (
                "parameters",
                "ir.config_parameter",
                "search_read",
                [[["key", "like", "ig_soom"]], ["key", "value"]],
                {},
            ),
        ]

    def test_no_user_but_an_administrator_reads_the_secret(self):
        for role, user in self.users.items():
            self.authenticate(user.login, user.login)
            for name, model, method, args, kwargs in self._paths():
                with self.subTest(role=role, path=name):
                    text, _error = self._call(model, method, args, kwargs)
                    for secret in SECRETS:
                        self.assertNotIn(secret, text)

    def test_messages_of_the_connection_never_carry_the_secret(self):
        # formatted for the chatter, as the administrator's web client reads it
        self.authenticate("admin", "admin")
        response = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "dra.broker.connection", "thread_id": self.connection.id},
        )
        self.assertNotIn(SECRET_PASSWORD, json.dumps(response))
        messages = self.env["mail.message"].search(
            [("model", "=", "dra.broker.connection"), ("res_id", "=", self.connection.id)]
        )
        self.assertIn("The password was changed.", "".join(messages.mapped("body")))
        tracked = messages.sudo().tracking_value_ids
        self.assertTrue(tracked, "who changed the address and user name is recorded")
        for value in tracked:
            self.assertNotIn(SECRET_PASSWORD, f"{value.old_value_char} {value.new_value_char}")

    def test_the_administrator_reads_and_sets_them(self):
        self.authenticate("admin", "admin")
        text, error = self._call(
            "dra.broker.connection", "read", [[self.connection.id], ["password", "username"]]
        )
        self.assertFalse(error)
        self.assertIn(SECRET_PASSWORD, text)

    def test_the_users_use_the_connection_without_reading_it(self):
        user = self.users["addon_user"]
        self.authenticate(user.login, user.login)
        text, error = self._call(
            "dra.broker.connection",
            "web_read",
            [[self.connection.id], {"broker_id": {}, "adapter": {}, "deadline": {}}],
        )
        self.assertFalse(error)
        self.assertIn('"adapter": "soom"', text)
        for secret in SECRETS:
            self.assertNotIn(secret, text)
