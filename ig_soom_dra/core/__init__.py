"""Domain logic of the addon that needs no database.

Nothing in this package imports ``odoo``: the DRA reader and writer, the
address matcher, the broker portals and the other pure parts are tested
without Odoo. Importing the package registers the portal adapters
(``portal.py``): one module per portal.
"""

from . import soom
