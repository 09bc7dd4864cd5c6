# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools.sql import create_index


class ResPartner(models.Model):
    _inherit = "res.partner"

    fax = fields.Char(help="Fax number, as the DRA files of the brokers carry it.")

    def init(self):
        """Index postcode and name so that the address matching of the DRA
        import looks up candidates without scanning all contacts, and keep
        the identity locks of the contacts it creates."""
        res = super().init()
        create_index(self.env.cr, "res_partner_zip_index", self._table, ["zip"])
        if self.env.registry.has_trigram:
            create_index(
                self.env.cr,
                "res_partner_name_trgm_index",
                self._table,
                ["name gin_trgm_ops"],
                method="gin",
            )
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
