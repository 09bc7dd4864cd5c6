# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib

from odoo import api, fields, models
from odoo.tools import SQL

from ..core import matching

#: Most candidates fetched from the database for one party.
CANDIDATE_LIMIT = 20
#: Columns of the contacts a candidate is made of (see _dra_candidate_from).
CANDIDATE_FIELDS = [
    "id",
    "name",
    "street",
    "street2",
    "zip",
    "city",
    "phone",
    "mobile",
    "fax",
    "email",
    "is_company",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The candidate search of the DRA import (dra.import.party) looks
    # contacts up by these indexes, never by scanning all contacts.
    zip = fields.Char(index=True)
    email_normalized = fields.Char(index=True)
    fax = fields.Char(help="Fax number, as the DRA files of the brokers carry it.")
    dra_name_zip_key = fields.Char(
        string="Matching Key: Name and Postcode",
        compute="_compute_dra_keys",
        store=True,
        index=True,
        help="Normalised name and postcode, for the address matching of the DRA import.",
    )
    dra_name_first_key = fields.Char(
        string="Matching Key: Name and First Name",
        compute="_compute_dra_keys",
        store=True,
        index=True,
        help="Normalised name and first name, for the address matching of the DRA import.",
    )
    dra_address_key = fields.Char(
        string="Matching Key: Address",
        compute="_compute_dra_keys",
        store=True,
        index=True,
        help="Normalised postcode, street and house number, for the address matching "
        "of the DRA import.",
    )
    dra_street_key = fields.Char(
        string="Matching Key: Street",
        compute="_compute_dra_keys",
        store=True,
        index=True,
        help="Normalised street and house number, for the address matching of the DRA import.",
    )
    dra_zip_number_key = fields.Char(
        string="Matching Key: Postcode and House No.",
        compute="_compute_dra_keys",
        store=True,
        index=True,
        help="Normalised postcode and house number, for the address matching of the DRA import.",
    )
    dra_phone_key = fields.Char(
        string="Matching Key: Phone",
        compute="_compute_dra_phone_keys",
        store=True,
        index=True,
        help="Phone number in canonical form, for the address matching of the DRA import.",
    )
    dra_mobile_key = fields.Char(
        string="Matching Key: Mobile",
        compute="_compute_dra_phone_keys",
        store=True,
        index=True,
        help="Mobile number in canonical form, for the address matching of the DRA import.",
    )

    @api.depends("name", "street", "zip", "country_id", "is_company")
    def _compute_dra_keys(self):
        for partner in self:
            keys = matching.contact_keys(
                partner.name,
                partner.street,
                partner.zip,
                partner.country_id.code,
                partner.is_company,
            )
            partner.dra_name_zip_key = keys.name_zip
            partner.dra_name_first_key = keys.name_first
            partner.dra_address_key = keys.address
            partner.dra_street_key = keys.street
            partner.dra_zip_number_key = keys.zip_number

    @api.depends("phone", "mobile", "country_id")
    def _compute_dra_phone_keys(self):
        for partner in self:
            country = partner.country_id.code
            partner.dra_phone_key = matching.phone_key(partner.phone, country)
            partner.dra_mobile_key = matching.phone_key(partner.mobile, country)

    def _dra_as_candidate(self):
        """This contact as a candidate of the matcher."""
        self.ensure_one()
        values = {name: self[name] for name in CANDIDATE_FIELDS}
        return self._dra_candidate_from(values, self.country_id.code)

    @api.model
    def _dra_candidate_from(self, values, country_code):
        """The matcher's candidate of a contact's ``CANDIDATE_FIELDS`` values."""
        return matching.Candidate(
            id=values["id"],
            name=values["name"] or "",
            street=values["street"] or None,
            zip=values["zip"] or None,
            city=values["city"] or None,
            phones=tuple(filter(None, [values["phone"], values["mobile"]])),
            faxes=tuple(filter(None, [values["fax"]])),
            email=values["email"] or None,
            is_company=bool(values["is_company"]),
            street2=values["street2"] or None,
            country=country_code or None,
        )

    @api.model
    def _dra_match_candidates(self, search, company):
        """Contacts that may be the party of these ``search`` keys (see
        :func:`matching.search_keys`), most similar first, as candidates of
        the matcher: the one candidate query of the DRA import and of every
        other caller of the matcher (the damage reports).

        Found by indexed keys (see :func:`matching.search_keys`): name and
        postcode, name and first name, postcode and street, street, postcode
        and house number, phone number, e-mail address; ordered by the
        evidence they bring, then by the similarity of name and street.
        Searched through the ORM, so that the record rules apply (the
        contacts of other companies among them), restricted to the contacts
        ``company`` may use.

        The candidates are read as rows, not as records: the matcher needs
        their values only.
        """
        Partner = self.env["res.partner"]
        # the evidence each key brings, which orders the candidates beyond the limit
        keys = [
            (field, tuple(values), weight)
            for field, values, weight in (
                ("dra_phone_key", search["phones"], 4),
                ("dra_mobile_key", search["phones"], 4),
                ("email_normalized", search["emails"], 4),
                ("dra_address_key", search["address"], 2),
                ("dra_name_first_key", search["name_first"], 2),
                ("dra_name_zip_key", search["name_zip"], 1),
                ("dra_street_key", search["street"], 1),
                ("dra_zip_number_key", search["zip_number"], 1),
            )
            if values
        ]
        if not keys:
            return []
        # contacts made in this transaction (a takeover, a repair order) are found too
        Partner.flush_model([*(field for field, *_ in keys), *CANDIDATE_FIELDS, "country_id"])
        query = Partner._search(Partner._check_company_domain(company), limit=CANDIDATE_LIMIT)
        columns = {field: Partner._field_to_sql(query.table, field, query) for field, *_ in keys}
        # the keys as SQL, not as a domain: the same conditions (in
        # parentheses: the query joins its conditions with AND), without
        # parsing a domain for each party
        query.add_where(
            SQL(
                "(%s)",
                SQL(" OR ").join(
                    SQL("%s IN %s", columns[field], values) for field, values, _ in keys
                ),
            )
        )
        evidence = SQL(" + ").join(
            SQL("(%s IN %s IS TRUE)::int * %s", columns[field], values, weight)
            for field, values, weight in keys
        )
        country = query.make_alias(query.table, "country_id")
        query.add_join(
            "LEFT JOIN",
            country,
            "res_country",
            SQL(
                "%s = %s",
                SQL.identifier(country, "id"),
                Partner._field_to_sql(query.table, "country_id", query),
            ),
        )
        order = [SQL("%s DESC", evidence)]
        if self.env.registry.has_trigram:
            # then the most similar name and street (pg_trgm)
            similarity = [
                SQL(
                    "COALESCE(word_similarity(%s, %s), 0)",
                    text[0],
                    Partner._field_to_sql(query.table, field, query),
                )
                for field, text in (
                    ("name", search["similarity_text"]),
                    ("street", search["street_text"]),
                )
                if text
            ]
            if similarity:
                order.append(SQL("%s DESC", SQL(" + ").join(similarity)))
        order.append(Partner._field_to_sql(query.table, "id", query))
        query.order = SQL(", ").join(order)
        self.env.cr.execute(
            query.select(
                *(
                    SQL(
                        "%s AS %s",
                        Partner._field_to_sql(query.table, field, query),
                        SQL.identifier(field),
                    )
                    for field in CANDIDATE_FIELDS
                ),
                SQL("%s AS country_code", SQL.identifier(country, "code")),
            )
        )
        return [
            self._dra_candidate_from(values, values["country_code"])
            for values in self.env.cr.dictfetchall()
        ]

    @api.model
    def _dra_identity(self, party):
        """The identity of a party (``matching.PartyData``): its normalised
        name tokens and postcode, as :meth:`_dra_lock_identity` takes them."""
        return (
            " ".join(sorted(matching.name_tokens(party))),
            matching.normalize_zip(party.zip) or "",
        )

    @api.model
    def _dra_lock_identity(self, name_tokens, zip_code):
        """Serialise the creation of a contact with this identity (normalised
        name tokens and postcode) across concurrent transactions: the DRA
        takeover (``dra.import.party._lock_identity``) and every other maker
        of contacts from the matcher's parties. The identity's row is
        upserted and held until the commit; the identity is kept as a hash,
        never as a name."""
        identity = hashlib.sha256(f"{name_tokens}|{zip_code}".encode()).hexdigest()
        self.env.cr.execute(
            """
            INSERT INTO ig_soom_dra_partner_identity (identity, locked_at)
                 VALUES (%s, now() at time zone 'UTC')
            ON CONFLICT (identity) DO UPDATE SET locked_at = EXCLUDED.locked_at
            """,
            [identity],
        )

    def init(self):
        """Keep the identity locks of the contacts the DRA import creates."""
        res = super().init()
        # One row per identity (normalised name and postcode) for which the
        # DRA import created a contact: the lock that keeps two concurrent
        # takeovers from creating the same contact twice
        # (dra.import.party._lock_identity).
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS ig_soom_dra_partner_identity (
                identity varchar PRIMARY KEY,
                locked_at timestamp NOT NULL
            )
            """
        )
        return res
