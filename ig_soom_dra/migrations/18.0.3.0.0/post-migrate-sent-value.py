# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The value SOOM holds is shown as the reader reads it, no longer as its sender did.

Version 2 stored ``soom_milestone_sent.value_display``, formatted once in the
language and time zone of the user who sent it. Version 3 computes it from
the value sent (``value_json``) for whoever reads it: the column goes.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if column_exists(cr, "soom_milestone_sent", "value_display"):
        cr.execute("ALTER TABLE soom_milestone_sent DROP COLUMN value_display")
