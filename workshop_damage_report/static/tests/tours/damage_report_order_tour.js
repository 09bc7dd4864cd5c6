/** @odoo-module **/
// The workshop's side of a reported damage, in the web client: confirm the
// customer's preferred date, then create the repair order with one click and
// land on it. The test (tests/test_order_tour.py) makes the report and checks
// the records afterwards. Selectors use `name` attributes, never labels, so
// that the tour runs in any language.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("damage_report_order_tour", {
    steps: () => [
        {
            content: "Open the report's dates",
            trigger: ".o_form_view .o_notebook .nav-link[name=dates]",
            run: "click",
        },
        {
            content: "Confirm the customer's first preferred date",
            trigger:
                ".o_field_widget[name=slot_ids] .o_data_row:first button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The appointment is confirmed",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=appointment_confirmed]",
        },
        {
            content: "Create the repair order",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_create_repair_order]",
            run: "click",
        },
        {
            content: "The repair order is open, linked with the report",
            trigger: ".o_form_view button[name=action_view_damage_reports]",
        },
        {
            content: "Back to the report through the smart button",
            trigger: ".o_form_view button[name=action_view_damage_reports]",
            run: "click",
        },
        {
            content: "The report shows its repair order",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=order_created]",
        },
        {
            content: "The report's smart button leads to the order",
            trigger: ".o_form_view button[name=action_view_repair_order]",
        },
    ],
});
