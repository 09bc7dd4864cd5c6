# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The actual repair start, and the processing stage computed by the new rules.

Version 2 kept one repair start for the plan and the fact. Where the order's
stage said the repair was under way or done and that start lies in the past,
it was the actual start as well: it is kept as such. The stored processing
stage is then computed again, as the planned start alone no longer puts an
order in repair.
"""

from odoo import SUPERUSER_ID, api


def keep_actual_starts(cr):
    """Copy the planned start of orders whose repair was under way or done to the actual start."""
    cr.execute(
        """
        UPDATE repair_order
           SET repair_start_at = repair_start_planned
         WHERE repair_start_at IS NULL
           AND repair_start_planned <= now() AT TIME ZONE 'UTC'
           AND processing_stage IN ('in_repair', 'repaired', 'handed_back', 'invoiced')
        """
    )


def recompute_stages(env):
    """Compute the stored processing stage of every order again."""
    orders = env["repair.order"].with_context(active_test=False).search([])
    env.add_to_compute(orders._fields["processing_stage"], orders)
    orders.flush_recordset(["processing_stage"])


def migrate(cr, version):
    keep_actual_starts(cr)
    recompute_stages(api.Environment(cr, SUPERUSER_ID, {}))
