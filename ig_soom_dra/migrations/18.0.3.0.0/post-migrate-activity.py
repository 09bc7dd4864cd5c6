# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Release reminders are found by their activity type, no longer by a stored id.

Version 2 kept the reminder of the implicit repair release in
``repair_order.release_activity_id``, a to-do activity. Version 3 finds it as
the order's activity of the type "Repair Release Due": the activities kept
there get that type (open and done ones alike). Odoo drops the column of the
removed field after the post-migration.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def type_release_reminders(env):
    """Give the reminders of version 2 the activity type of version 3."""
    cr = env.cr
    if not column_exists(cr, "repair_order", "release_activity_id"):
        return
    activity_type = env.ref("ig_soom_dra.mail_activity_type_release_due")
    cr.execute(
        """
        UPDATE mail_activity
           SET activity_type_id = %s
         WHERE id IN (SELECT release_activity_id
                        FROM repair_order
                       WHERE release_activity_id IS NOT NULL)
        """,
        [activity_type.id],
    )
    env.invalidate_all()


def migrate(cr, version):
    type_release_reminders(api.Environment(cr, SUPERUSER_ID, {}))
