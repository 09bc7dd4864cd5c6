from . import (
    res_company,
    dra_broker,
    damage_report,
    damage_report_photo,
    damage_report_slot,
    damage_report_form_template,
    damage_report_signed_form,
    repair_order,
)
