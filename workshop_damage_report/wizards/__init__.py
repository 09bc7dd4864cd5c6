from . import (
    damage_report_propose_wizard,
    damage_report_photo_request,
    damage_report_order_wizard,
    damage_report_order_candidate,
)
