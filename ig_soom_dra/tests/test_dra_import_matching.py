# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidate search of the address step: through the ORM, so that the
record rules and the companies apply, by keys robust to noisy records."""

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import IgSoomCommonMixin, sample_bytes

#: Its customer: Gertrud Müller, Schillingstraße 122, 80335 München, mobile 0176-4547794.
FILE_374 = "KSR202019374.xml"


@tagged("post_install", "-at_install")
class TestDraImportMatching(IgSoomCommonMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ig_soom()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Andere Werkstatt"})
        cls.user_both = new_test_user(
            cls.env,
            login="ig_matching_both",
            groups="ig_soom_dra.group_ig_soom_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id, cls.company_b.id],
        )
        cls.Partner = cls.env["res.partner"]

    def _gertrud(self, **values):
        return self.Partner.create(
            {
                "name": "Gertrud Müller",
                "street": "Schillingstraße 122",
                "zip": "80335",
                "city": "München",
                **values,
            }
        )

    def _customer(self, user=None):
        wizard = self._start_wizard(sample_bytes(FILE_374), FILE_374, user=user)
        return wizard.party_ids.filtered(lambda line: line.role == "Kunde")

    def test_the_identical_contact_is_green(self):
        gertrud = self._gertrud()
        customer = self._customer(user=self.user_workshop)
        self.assertEqual(customer.status, "green")
        self.assertEqual(customer.partner_id, gertrud)

    def test_a_contact_of_another_company_is_never_offered(self):
        other = self._gertrud(company_id=self.company_b.id)
        shared = self._gertrud(street="Schillingstraße 12")
        # a user of the company alone: the multi-company rule hides it
        customer = self._customer(user=self.user_workshop)
        self.assertEqual(customer.status, "orange")
        self.assertIn(shared, customer.candidate_ids.partner_id)
        self.assertNotIn(other, customer.candidate_ids.partner_id)
        # a user of both companies, the order in the first: not for this order
        customer = self._customer(user=self.user_both)
        self.assertEqual(customer.wizard_id.company_id, self.company_a)
        self.assertEqual(customer.status, "orange")
        self.assertNotIn(other, customer.candidate_ids.partner_id)
        self.assertIn(shared, customer.candidate_ids.partner_id)

    def test_a_record_rule_restricting_contacts_applies(self):
        hidden = self._gertrud(ref="verborgen")
        visible = self._gertrud(street="Schillingstraße 12")
        self.env["ir.rule"].create(
            {
                "name": "Contacts marked hidden are not read",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": "['|', ('ref', '=', False), ('ref', '!=', 'verborgen')]",
            }
        )
        customer = self._customer(user=self.user_workshop)
        self.assertEqual(customer.status, "orange")
        self.assertNotIn(hidden, customer.candidate_ids.partner_id)
        self.assertIn(visible, customer.candidate_ids.partner_id)

    def test_the_mobile_number_finds_a_contact_whose_name_and_address_differ(self):
        married = self.Partner.create(
            {"name": "Gertrud Baumann", "zip": "10115", "mobile": "+49 176 4547794"}
        )
        customer = self._customer(user=self.user_workshop)
        self.assertEqual(customer.status, "red")
        self.assertEqual(customer.candidate_ids[:1].partner_id, married)

    def test_noisy_contacts_are_offered(self):
        """Typos and blanks in surname and street, another first name of the
        household, digits of the postcode swapped, no postcode."""
        noisy = {
            "surname typo": self._gertrud(name="Gertrud Mülelr"),
            "surname blank": self._gertrud(name="Gertrud Mül ler"),
            "street typo, postcode swapped": self._gertrud(street="Schilingstr. 122", zip="80353"),
            "household": self._gertrud(name="Hans Müller", zip="80335"),
            "no postcode": self._gertrud(zip=False),
        }
        # more namesakes elsewhere than candidates are read: the evidence orders them
        self.Partner.create(
            [{"name": "Gertrud Müller", "zip": "99999", "street": f"Weg {n}"} for n in range(30)]
        )
        customer = self._customer(user=self.user_workshop)
        self.assertEqual(customer.status, "orange")
        offered = customer.candidate_ids.partner_id
        for noise, contact in noisy.items():
            with self.subTest(noise=noise):
                self.assertIn(contact, offered)
