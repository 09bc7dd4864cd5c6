# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidate search of the DRA import looks contacts up by indexed keys
that its fields declare (res.partner's dra_*_key, zip, email_normalized):
the indexes the addon made by hand go."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS res_partner_zip_index")
    cr.execute("DROP INDEX IF EXISTS res_partner_name_trgm_index")
