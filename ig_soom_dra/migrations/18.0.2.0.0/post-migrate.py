# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Version 2 keeps the portal connection on a record per broker and company.

The SOOM connection of version 1 (system parameters, readable through the
settings) moves onto the Innovation Group broker; the parameters are deleted.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    connection = env["dra.broker.connection"]._migrate_system_parameters()
    if connection:
        _logger.info("SOOM settings moved onto the portal connection %s", connection.display_name)
