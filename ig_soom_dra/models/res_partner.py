# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..core import matching


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
