/** @odoo-module **/
// The workshop's side of a reported damage, in the web client: confirm the
// customer's preferred date, then create the repair order with one click and
// land on it. The test (tests/test_order_tour.py) makes the report and checks
// the records afterwards, on the desktop and on a phone (where the header's
// buttons are in the action menu of the control panel). Selectors use `name`
// attributes, never labels, so that the tour runs in any language.

import { registry } from "@web/core/registry";
import { utils as uiUtils } from "@web/core/ui/ui_service";

/** Steps that press the header button ``name`` of the form. */
function headerButton(name, content) {
    if (!uiUtils.isSmall()) {
        return [
            {
                content,
                trigger: `.o_form_view .o_statusbar_buttons button[name=${name}]`,
                run: "click",
            },
        ];
    }
    return [
        {
            content: "Open the action menu",
            trigger: ".o_cp_action_menus button.dropdown-toggle",
            run: "click",
        },
        { content, trigger: `.o-dropdown--menu button[name=${name}]`, run: "click" },
    ];
}

/** Steps that find the smart button ``name`` (and press it when ``click``). */
function smartButton(name, content, click = false) {
    const steps = [];
    if (uiUtils.isSmall()) {
        steps.push({
            content: "Open the smart buttons",
            trigger: ".o-form-buttonbox .o_button_more",
            run: "click",
        });
    }
    steps.push({ content, trigger: `button[name=${name}]`, ...(click ? { run: "click" } : {}) });
    return steps;
}

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
            content: "The date is the appointment's",
            trigger:
                ".o_field_widget[name=slot_ids] .o_data_row:first td[name=chosen] input:checked",
        },
        {
            content: "It can no longer be confirmed",
            trigger:
                ".o_field_widget[name=slot_ids] .o_data_row:first:not(:has(button[name=action_confirm]))",
        },
        ...headerButton("action_create_repair_order", "Create the repair order"),
        ...smartButton(
            "action_view_damage_reports",
            "The repair order is open: back to its report through the smart button",
            true
        ),
        ...smartButton("action_view_repair_order", "The report's smart button leads to the order"),
    ],
});

// A customer like an existing contact, not the same (orange): the assistant
// lists the similar contacts with their addresses; the user chooses one.
registry.category("web_tour.tours").add("damage_report_order_choose_tour", {
    steps: () => [
        ...headerButton("action_create_repair_order", "Create the repair order"),
        {
            content: "The assistant lists the similar contacts",
            trigger: ".modal .o_field_widget[name=candidate_ids] .o_data_row td[name=street]",
        },
        {
            content: "Choose the first one",
            trigger: ".modal .o_field_widget[name=candidate_ids] .o_data_row:first button[name=action_choose]",
            run: "click",
        },
        ...smartButton("action_view_damage_reports", "The repair order is open"),
    ],
});
