# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Innovation Group SOOM DRA",
    "summary": "Import repair orders of Innovation Group (SOOM DRA files) "
    "into repairs, with parties, vehicle and documents",
    "version": "18.0.4.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/ig-soom-dra/ig_soom_dra",
    "author": "IG SOOM DRA contributors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["mail", "calendar", "fleet", "repair"],
    "external_dependencies": {
        "python": ["lxml", "phonenumbers", "rapidfuzz", "requests", "pypdf", "python-barcode"],
    },
    "data": [
        "security/ig_soom_dra_security.xml",
        "security/ir.model.access.csv",
        "data/dra_broker_data.xml",
        "data/mail_activity_type_data.xml",
        "wizards/dra_import_wizard_views.xml",
        "wizards/dra_import_party_templates.xml",
        "wizards/dra_document_print_views.xml",
        "wizards/dra_export_wizard_views.xml",
        "wizards/soom_fetch_wizard_views.xml",
        "report/repair_order_parts_form_report.xml",
        "views/ig_soom_dra_templates.xml",
        "data/mail_template_data.xml",
        "views/dra_broker_views.xml",
        "views/dra_broker_connection_views.xml",
        "views/repair_order_views.xml",
        "views/repair_order_documents_views.xml",
        "views/fleet_vehicle_views.xml",
        "views/res_partner_views.xml",
        "wizards/soom_send_wizard_views.xml",
        "wizards/soom_appointment_wizard_views.xml",
        "wizards/soom_release_wizard_views.xml",
        "views/soom_transmission_views.xml",
        "views/repair_order_soom_views.xml",
        "views/ig_soom_dra_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "ig_soom_dra/static/src/scss/ig_soom_dra.scss",
            "ig_soom_dra/static/src/js/*.js",
            "ig_soom_dra/static/src/xml/*.xml",
        ],
        "web.assets_tests": [
            "ig_soom_dra/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/soom_demo.xml",
    ],
}
