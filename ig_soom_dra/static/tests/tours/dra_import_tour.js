/** @odoo-module **/
// Takes tests/data/KSR202019362.xml through the five steps of the DRA
// takeover assistant, in the web client, as a workshop user does. The test
// (tests/test_dra_import_tour.py) stores the file as an attachment that the
// tour downloads and drops into the file field.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const FILE_NAME = "KSR202019362.xml";

async function chooseSampleFile() {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", `ig_soom_dra_tour_${FILE_NAME}`]], ["id"]],
        kwargs: {},
    });
    const response = await fetch(`/web/content/${attachment.id}?download=true`);
    const file = new File([await response.blob()], FILE_NAME, { type: "text/xml" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const input = document.querySelector(".o_dra_wizard .o_dra_dropzone input[type=file]");
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("ig_soom_dra_import_tour", {
    url: "/odoo/action-ig_soom_dra.repair_order_action_broker",
    steps: () => [
        {
            content: "Open the assistant from the list of broker orders",
            trigger: ".o_control_panel button:contains(DRA)",
            run: "click",
        },
        {
            content: "Step 1 is the preview, in bold",
            trigger: ".o_dra_wizard div[name=step_preview] .o_dra_step_current",
        },
        {
            content: "Choose the DRA file",
            trigger: ".o_dra_wizard .o_dra_dropzone",
            run: chooseSampleFile,
        },
        {
            content: "The file's name stands in the header",
            trigger: `.o_dra_file_header:contains(${FILE_NAME})`,
        },
        {
            content: "Read the file",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The preview shows the order number",
            trigger: ".o_dra_wizard div[name=page_preview] .o_field_widget:contains(202019362)",
        },
        {
            content: "The service agreement is shown in the PDF viewer",
            trigger: ".o_dra_wizard .o_dra_preview .o_field_pdf_viewer iframe",
        },
        {
            content: "Show the second document",
            trigger: ".o_dra_wizard div[name=page_preview] .o_data_row:eq(1) button[name=action_preview]",
            run: "click",
        },
        {
            content: "The checklist is previewed",
            trigger: ".o_dra_wizard .o_dra_preview .o_field_widget:contains(Checkliste)",
        },
        {
            content: "Go to the address step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The customer differs from the existing contact: orange",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) .text-bg-warning",
        },
        {
            content: "Open the comparison of the customer",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) button[name=action_open_compare]",
            run: "click",
        },
        {
            content: "The comparison frames the different street",
            trigger: ".o_dra_comparison td.o_dra_different",
        },
        {
            content: "Assign the first candidate",
            trigger: ".modal .o_data_row:first button[name=action_assign]",
            run: "click",
        },
        {
            content: "Back in the assistant, the customer is green",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) .text-bg-success",
        },
        {
            content: "The address step is complete",
            trigger: ".o_dra_wizard div[name=step_addresses] .fa-check-circle",
        },
        {
            content: "Go to vehicle and attachments",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "No VIN: the vehicle data stay on the order",
            trigger: ".o_dra_wizard div[name=page_vehicle] .o_field_widget[name=vehicle_action]",
        },
        {
            content: "Go to the order step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The order step offers the policy number",
            trigger: ".o_dra_wizard div[name=page_order] .o_field_widget[name=policy_number] input",
        },
        {
            content: "Go to the last step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "Take over and open the order",
            trigger: ".modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The repair order is open, in the broker's band",
            trigger: ".o_form_view .o_ig_broker_band:contains(202019362)",
        },
    ],
});
