# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Workshop Damage Reports",
    "summary": "Customers report a vehicle damage on their phone through the workshop's "
    "link: photos, dates, signed forms; the workshop turns the report into a repair order",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/ig-soom-dra/ig_soom_dra",
    "author": "IG SOOM DRA contributors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["portal", "calendar", "ig_soom_dra"],
    "external_dependencies": {"python": ["Pillow", "xlsxwriter"]},
    "data": [
        "security/damage_report_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/damage_report_appointment_mail_data.xml",
        "wizards/damage_report_propose_wizard_views.xml",
        "wizards/damage_report_order_wizard_views.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizards/damage_report_photo_request_views.xml",
        "views/damage_report_legal_templates.xml",
        "data/damage_report_form_template_data.xml",
        "report/damage_report_reports.xml",
        "data/mail_template_customer_confirmation.xml",
        "views/damage_report_views.xml",
        "views/damage_report_form_template_views.xml",
        "views/damage_report_menus.xml",
        "views/damage_report_public_templates.xml",
        "views/res_company_views.xml",
        "views/dra_broker_views.xml",
        "views/repair_order_views.xml",
    ],
    "assets": {
        "workshop_damage_report.assets_public": [
            "web/static/lib/signature_pad/signature_pad.umd.js",
            "workshop_damage_report/static/src/css/damage_report_public.css",
            "workshop_damage_report/static/src/js/damage_report_public.js",
        ],
        "web.assets_tests": [
            "workshop_damage_report/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/damage_report_demo.xml",
    ],
}
