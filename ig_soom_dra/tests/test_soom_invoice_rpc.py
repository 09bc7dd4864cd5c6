# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import IgSoomCommonMixin

SECRET_RATE = 87.65


@tagged("post_install", "-at_install")
class TestSoomInvoiceRpc(IgSoomCommonMixin, HttpCase):
    """The agreed hourly rates and the SOOM dialog of issue 11 over JSON-RPC, as
    a portal user, a plain internal user, a workshop user and a user of another
    company: who reads the rates, who changes them, who opens the dialog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company_b = cls.env["res.company"].create({"name": "Lackiererei Zweigstelle"})
        cls.category = cls.env["product.category"].create({"name": "Lackierarbeit RPC"})
        cls.rate = cls.env["dra.broker.rate"].create(
            {
                "broker_id": cls.broker_ig.id,
                "product_categ_id": cls.category.id,
                "hourly_rate": SECRET_RATE,
            }
        )
        cls.users = {
            "portal": new_test_user(cls.env, login="ig_rate_portal", groups="base.group_portal"),
            "internal": new_test_user(cls.env, login="ig_rate_internal", groups="base.group_user"),
            "addon_user": new_test_user(
                cls.env, login="ig_rate_user", groups="ig_soom_dra.group_ig_soom_user"
            ),
            "other_company": new_test_user(
                cls.env,
                login="ig_rate_company_b",
                groups="ig_soom_dra.group_ig_soom_manager",
                company_id=cls.company_b.id,
                company_ids=[cls.company_b.id],
            ),
        }
        cls.order = cls.env["repair.order"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "Kundin RPC"}).id,
                "broker_id": cls.broker_ig.id,
                "soom_case_id": "case-rate-rpc",
            }
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

    def _read_paths(self):
        spec = {"hourly_rate": {}, "broker_id": {}}
        return [
            ("read", [[self.rate.id], ["hourly_rate"]], {}),
            ("search_read", [[], ["hourly_rate"]], {}),
            ("web_read", [[self.rate.id], spec], {}),
            ("web_search_read", [], {"domain": [], "specification": spec}),
            ("export_data", [[self.rate.id], ["hourly_rate"]], {}),
            ("read_group", [[], ["hourly_rate:sum"], ["broker_id"]], {}),
        ]

    def test_outsiders_read_no_rate(self):
        for name in ("portal", "internal", "other_company"):
            user = self.users[name]
            self.authenticate(user.login, user.login)
            for method, args, kwargs in self._read_paths():
                with self.subTest(user=name, path=method):
                    text, _error = self._call("dra.broker.rate", method, args, kwargs)
                    self.assertNotIn(str(SECRET_RATE), text)

    def test_only_managers_of_the_company_change_rates(self):
        for name in ("portal", "internal", "addon_user", "other_company"):
            user = self.users[name]
            self.authenticate(user.login, user.login)
            writes = [
                ("write", [[self.rate.id], {"hourly_rate": 1.0}], {}),
                ("web_save", [[self.rate.id], {"hourly_rate": 1.0}], {"specification": {}}),
                ("unlink", [[self.rate.id]], {}),
                (
                    "create",
                    [
                        {
                            "broker_id": self.broker_ig.id,
                            "product_categ_id": self.category.id,
                            "hourly_rate": 1.0,
                        }
                    ],
                    {},
                ),
            ]
            if name == "other_company":
                writes = writes[:3]  # its own company's rates it may create
            for method, args, kwargs in writes:
                with self.subTest(user=name, path=method):
                    _text, error = self._call("dra.broker.rate", method, args, kwargs)
                    self.assertTrue(error, f"{name} could {method} a rate")
        self.rate.invalidate_recordset()
        self.assertEqual(self.rate.hourly_rate, SECRET_RATE)
        self.assertEqual(self.env["dra.broker.rate"].search_count([("hourly_rate", "=", 1.0)]), 0)

    def test_a_manager_of_another_company_agrees_rates_for_it_only(self):
        user = self.users["other_company"]
        self.authenticate(user.login, user.login)
        values = {
            "broker_id": self.broker_ig.id,
            "product_categ_id": self.category.id,
            "hourly_rate": 55.0,
        }
        _text, error = self._call("dra.broker.rate", "create", [{**values}])
        self.assertFalse(error)
        rate = self.env["dra.broker.rate"].search([("hourly_rate", "=", 55.0)])
        self.assertEqual(rate.company_id, self.company_b)
        _text, error = self._call(
            "dra.broker.rate", "create", [{**values, "company_id": self.env.company.id}]
        )
        self.assertTrue(error, "a rate for a company the user is not in")
        self.assertEqual(self.env["dra.broker.rate"].search_count([("hourly_rate", "=", 55.0)]), 1)

    def test_the_workshop_user_reads_the_rates_of_its_company(self):
        user = self.users["addon_user"]
        self.authenticate(user.login, user.login)
        text, error = self._call("dra.broker.rate", "search_read", [[], ["hourly_rate"]])
        self.assertFalse(error)
        self.assertIn(str(SECRET_RATE), text)

    def test_outsiders_open_no_soom_dialog(self):
        for name in ("portal", "internal", "other_company"):
            user = self.users[name]
            self.authenticate(user.login, user.login)
            with self.subTest(user=name):
                _text, error = self._call("repair.order", "action_soom_send", [[self.order.id]])
                self.assertTrue(error, f"{name} opened the SOOM dialog")
                text, error = self._call(
                    "soom.send.wizard", "create", [{"order_id": self.order.id}]
                )
                if name != "other_company":
                    self.assertTrue(error, f"{name} made a SOOM dialog")
                if error:
                    continue
                # a workshop user of another company may make the transient record,
                # but its button refuses the order of the first company
                wizard_id = json.loads(text)["result"]
                _text, error = self._call("soom.send.wizard", "action_send", [[wizard_id]])
                self.assertTrue(error, "the other company's user sent the order")
                self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
