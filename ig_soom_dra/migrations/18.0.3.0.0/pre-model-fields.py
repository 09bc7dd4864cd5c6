# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Version 3 names date-times with ``_at`` and splits the repair start.

Before the registry loads the new fields, the columns, their field records
(``ir.model.fields``, which the tracking values point to), their external ids,
the views and the saved filters of the renamed fields move to the new names,
so that an upgraded database keeps its values and their history, and the
views still in the database validate while the new ones are loaded. ``repair_start``
held the start the repair release dialog planned: it becomes
``repair_start_planned`` (the post-migration adds the actual start).

The vehicle's own "First Registration" goes: fleet's registration date
(``acquisition_date``, which fleet fills with the day of creation) takes its
value where it was recorded.
"""

import logging

from odoo.tools.sql import column_exists, rename_column

_logger = logging.getLogger(__name__)

#: Model -> {old field name: new field name}.
FIELD_RENAMES = {
    "repair.order": {
        "courtesy_car_out": "courtesy_car_out_at",
        "vehicle_received": "vehicle_received_at",
        "estimate_sent": "estimate_sent_at",
        "parts_ordered": "parts_ordered_at",
        "parts_complete": "parts_complete_at",
        "repair_start": "repair_start_planned",
        "repair_end": "repair_end_at",
        "courtesy_car_returned": "courtesy_car_returned_at",
        "vehicle_returned": "vehicle_returned_at",
    },
    "soom.release.wizard": {"repair_start": "repair_start_planned"},
}


def rename_fields(cr, renames):
    """Rename stored fields: ``{model: {old: new}}``; a field already renamed is left alone."""
    for model, fields in renames.items():
        table = model.replace(".", "_")
        for old, new in fields.items():
            if not column_exists(cr, table, old) or column_exists(cr, table, new):
                continue
            rename_column(cr, table, old, new)
            cr.execute(
                "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
                (new, model, old),
            )
            cr.execute(
                "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.fields' AND name = %s",
                (f"field_{table}__{new}", f"field_{table}__{old}"),
            )
            pattern = rf"\m{old}\M"
            cr.execute(
                """
                UPDATE ir_ui_view
                   SET arch_db = regexp_replace(arch_db::text, %(pattern)s, %(new)s, 'g')::jsonb
                 WHERE model = %(model)s AND arch_db::text ~ %(pattern)s
                """,
                {"pattern": pattern, "new": new, "model": model},
            )
            cr.execute(
                """
                UPDATE ir_filters
                   SET domain = regexp_replace(domain, %(pattern)s, %(new)s, 'g'),
                       context = regexp_replace(context, %(pattern)s, %(new)s, 'g'),
                       sort = regexp_replace(sort, %(pattern)s, %(new)s, 'g')
                 WHERE model_id = %(model)s
                """,
                {"pattern": pattern, "new": new, "model": model},
            )
            _logger.info("Field %s.%s renamed to %s", model, old, new)


def move_first_registration(cr):
    """Fleet's registration date takes the first registration where one was recorded."""
    if not column_exists(cr, "fleet_vehicle", "first_registration_date"):
        return
    cr.execute(
        """
        UPDATE fleet_vehicle
           SET acquisition_date = first_registration_date
         WHERE first_registration_date IS NOT NULL
        """
    )
    _logger.info("First registration moved to the registration date of %s vehicles", cr.rowcount)


def migrate(cr, version):
    rename_fields(cr, FIELD_RENAMES)
    move_first_registration(cr)
