"""Domain logic of the addon that needs no database.

Nothing in this package imports ``odoo``: the DRA reader and writer, the
address matcher and the other pure parts are tested without Odoo.
"""
