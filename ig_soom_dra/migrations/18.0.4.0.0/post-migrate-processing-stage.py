# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The processing stage "DRA File Missing" (version 18.0.4.0.0).

The stored processing stage of a broker order now also depends on whether
its DRA file was taken over (``core/stages.py``): a broker order without one
is in the first column of the broker kanban. Odoo does not recompute a
stored field whose dependencies changed, so the stage of every existing
order is computed again by the rule.
"""

from odoo import SUPERUSER_ID, api


def recompute_processing_stage(env):
    """Compute the stored processing stage of every repair order again."""
    Order = env["repair.order"].with_context(active_test=False)
    orders = Order.search([])
    env.add_to_compute(Order._fields["processing_stage"], orders)
    orders.flush_recordset(["processing_stage"])


def migrate(cr, version):
    recompute_processing_stage(api.Environment(cr, SUPERUSER_ID, {}))
