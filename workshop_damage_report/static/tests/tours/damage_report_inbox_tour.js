/** @odoo-module **/
// The workshop's inbox in the web client: a new report flagged on top of the
// kanban, its form with the photo gallery and the customer's link, "Mark as
// Read", and "Request More Photos" through its dialog. The test
// (tests/test_workshop_tour.py) makes a reported report with a photo and
// checks the records afterwards. Selectors use `name` attributes, never
// labels, so that the tour runs in any language.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("damage_report_inbox_tour", {
    url: "/odoo/action-workshop_damage_report.damage_report_action",
    steps: () => [
        {
            content: "The new report is a card of the 'reported' column, flagged",
            trigger: ".o_kanban_group .o_kanban_record:contains('TOUR-42') .badge.text-bg-danger",
        },
        {
            content: "Open it",
            trigger: ".o_kanban_record:contains('TOUR-42')",
            run: "click",
        },
        {
            content: "The form shows the ribbon of a new report",
            trigger: ".o_form_view .ribbon",
        },
        {
            content: "The photo gallery",
            trigger: ".o_notebook a[name=photos]",
            run: "click",
        },
        {
            content: "A photo of the gallery opens big",
            trigger: ".o_field_widget[name=photo_ids] .o_kanban_record img",
            run: "click",
        },
        {
            content: "The photo's dialog",
            trigger: ".modal .o_field_widget[name=image_data] img",
        },
        {
            content: "Close it",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "The link page",
            trigger: ".o_notebook a[name=link]",
            run: "click",
        },
        {
            content: "The link to copy",
            trigger: ".o_field_widget[name=link_url] .o_clipboard_button",
        },
        {
            content: "The WhatsApp link",
            trigger: ".o_field_widget[name=whatsapp_url] a[href^='https://wa.me/']",
        },
        {
            content: "Mark as read",
            trigger: ".o_form_view button[name=action_mark_read]",
            run: "click",
        },
        {
            content: "No ribbon any more",
            trigger: ".o_form_view:not(:has(.ribbon))",
        },
        {
            content: "Ask for more photos",
            trigger: ".o_form_view button[name=action_request_photos]",
            run: "click",
        },
        {
            content: "The missing categories are chosen: send the request",
            trigger: ".modal button[name=action_request]",
            run: "click",
        },
        {
            content: "The report waits for the customer again",
            trigger: ".o_form_view .o_statusbar_status button[data-value=link_sent].o_arrow_button_current",
        },
    ],
});
