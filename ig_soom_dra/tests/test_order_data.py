# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.tests import TransactionCase, tagged

from ..core import dra
from ..models.repair_order import PARTY_ROLE_FIELDS
from .common import IgSoomCommonMixin


@tagged("post_install", "-at_install")
class TestOrderData(IgSoomCommonMixin, TransactionCase):
    """The order data shared by the DRA assistant and the repair order (ig.repair.order.data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.Data = cls.env["ig.repair.order.data"]

    def _sample(self, field):
        """A value for ``field`` that is not its default."""
        if field.type == "many2one":
            if field.comodel_name == "dra.broker":
                return self.broker_ig
            if field.comodel_name == "res.currency":
                return self.env.ref("base.CHF")
            return self.env[field.comodel_name].search([], limit=1)
        if field.type == "selection":
            return field.get_values(self.env)[-1]
        samples = {
            "char": f"{field.name} 42",
            "text": f"{field.name}\nsecond line",
            "date": date(2026, 3, 2),
            "datetime": datetime(2026, 3, 2, 8, 15),
            "integer": 42,
            "float": 12.5,
            "monetary": 12.5,
            "boolean": True,
        }
        return samples[field.type]

    def test_both_models_declare_the_fields_through_the_mixin(self):
        names = self.Data._ig_order_data_fields()
        self.assertIn("deductible_currency_id", names)
        self.assertIn("vehicle_vin", names)
        self.assertNotIn("id", names)
        for model in ("dra.import.wizard", "repair.order"):
            Model = self.env[model]
            self.assertIn(model, self.Data._inherit_children)
            for name in names:
                self.assertEqual(
                    Model._fields[name].type, self.Data._fields[name].type, (model, name)
                )
        # the order keeps its own tracking and company check on the shared fields
        Order = self.env["repair.order"]
        self.assertTrue(Order._fields["broker_id"].tracking)
        self.assertTrue(Order._fields["broker_id"].check_company)
        self.assertEqual(Order._fields["broker_id"].ondelete, "restrict")

    def test_every_field_of_the_mixin_is_copied_to_the_order(self):
        """A field added to the mixin is taken over by the assistant without other code."""
        names = self.Data._ig_order_data_fields()
        samples = {name: self._sample(self.Data._fields[name]) for name in names}
        wizard = self.env["dra.import.wizard"].create(
            {
                name: value.id if hasattr(value, "_name") else value
                for name, value in samples.items()
            }
        )
        values = wizard._order_values()
        self.assertEqual(set(values), set(names))
        customer = self.env["res.partner"].create({"name": "Gertrud Müller"})
        order = self.env["repair.order"].create({**values, "partner_id": customer.id})
        for name, value in samples.items():
            self.assertEqual(order[name], value, name)

    def test_party_roles_are_the_roles_of_the_file(self):
        roles = self.env["dra.import.party"]._fields["role"].get_values(self.env)
        self.assertEqual(tuple(roles), dra.ROLES)
        self.assertEqual(set(PARTY_ROLE_FIELDS), set(dra.ROLES))
        for name in PARTY_ROLE_FIELDS.values():
            self.assertEqual(self.env["repair.order"]._fields[name].comodel_name, "res.partner")
