/** @odoo-module **/
// Takes tests/data/KSR202019362.xml through the five steps of the DRA
// takeover assistant, in the web client, as a workshop user does. The test
// (tests/test_dra_import_tour.py) stores the file as an attachment that the
// tour downloads and drops into the file field.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const FILE_NAME = "KSR202019362.xml";

async function chooseSampleFile(name = FILE_NAME) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", `ig_soom_dra_tour_${name}`]], ["id"]],
        kwargs: {},
    });
    const response = await fetch(`/web/content/${attachment.id}?download=true`);
    const file = new File([await response.blob()], name, { type: "text/xml" });
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
            run: () => chooseSampleFile(),
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
            content: "The preview shows roadworthiness, courtesy car and the broker's services",
            trigger:
                ".o_dra_wizard div[name=page_preview] .o_field_widget[name=broker_services]:contains(Bringservice)",
        },
        {
            content: "The preview shows the courtesy car class",
            trigger:
                ".o_dra_wizard div[name=page_preview] .o_field_widget[name=courtesy_car_class]:contains(Gruppe A)",
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
            content: "Jump to the last step while the addresses are orange",
            trigger: ".o_dra_wizard div[name=step_finish] button",
            run: "click",
        },
        {
            content: "Take Over is shown, but disabled",
            trigger: ".modal-footer button[name=action_confirm]:disabled",
        },
        {
            content: "Back to the address step",
            trigger: ".o_dra_wizard div[name=step_addresses] button",
            run: "click",
        },
        {
            content: "Open the comparison of the customer",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) button[name=action_open_compare]",
            run: "click",
        },
        {
            content: "The comparison frames the different house number",
            trigger: ".o_dra_comparison .o_data_row.text-danger td[name=imported]:contains(456)",
        },
        {
            content: "Assign the first candidate",
            trigger: ".modal button[name=action_assign]:first",
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
            content: "The customer's contact has another house number: offer to update it",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) button[name=action_offer_update]",
            run: "click",
        },
        {
            content: "The file's street is chosen for the contact",
            trigger:
                ".o_dra_comparison .o_data_row:has(td[name=imported]:contains(456)) .o_field_boolean_toggle input:checked",
        },
        {
            content: "Back to the assistant",
            trigger: ".modal-footer button[name=action_back_to_wizard]",
            run: "click",
        },
        {
            content: "The customer's line says that the contact is updated",
            trigger:
                ".o_dra_wizard div[name=page_addresses] .o_data_row:eq(1) button.o_dra_update_chosen",
        },
        {
            content: "Still complete",
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
            trigger: ".modal-footer button[name=action_confirm]:enabled",
            run: "click",
        },
        {
            content: "The repair order is open, in the broker's band",
            trigger: ".o_form_view .o_ig_broker_band:contains(202019362)",
        },
    ],
});

const PHOTOS_FILE = "KSR202019900.xml";

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

// The file with 40 photos: the list stands beside the viewer, and a photo zooms.
registry.category("web_tour.tours").add("ig_soom_dra_import_viewer_tour", {
    url: "/odoo/action-ig_soom_dra.dra_import_wizard_action",
    steps: () => [
        {
            content: "Choose the file with the photos",
            trigger: ".o_dra_wizard .o_dra_dropzone",
            run: () => chooseSampleFile(PHOTOS_FILE),
        },
        {
            content: "The file's name stands in the header",
            trigger: `.o_dra_file_header:contains(${PHOTOS_FILE})`,
        },
        {
            content: "Read the file",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "Every document is listed, without pages, beside the viewer",
            trigger: ".o_dra_documents .o_dra_document_list .o_data_row:eq(40)",
            run() {
                const list = document.querySelector(".o_dra_document_list");
                const viewer = document.querySelector(".o_dra_documents .o_dra_preview");
                check(!list.querySelector(".o_pager"), "the list of documents is paged");
                const listBox = list.getBoundingClientRect();
                const viewerBox = viewer.getBoundingClientRect();
                check(viewerBox.left >= listBox.right - 1, "the viewer is not beside the list");
                check(Math.abs(viewerBox.top - listBox.top) < 80, "the viewer is pushed down");
            },
        },
        {
            content: "Show a photo",
            trigger:
                ".o_dra_document_list .o_data_row:has(td[name=name]:contains(.png)):eq(2) button[name=action_preview]",
            run: "click",
        },
        {
            content: "The photo fills the viewer",
            trigger: ".o_dra_image_viewer .o_dra_image_stage img:not(.o_dra_zoomed)",
        },
        {
            content: "Zoom in",
            trigger: ".o_dra_image_viewer button.o_dra_zoom_in",
            run: "click",
        },
        {
            content: "The photo is larger than the viewer",
            trigger: ".o_dra_image_viewer .o_dra_image_stage img.o_dra_zoomed",
            run() {
                const stage = document.querySelector(".o_dra_image_stage");
                const image = stage.querySelector("img");
                check(image.clientWidth > stage.clientWidth, "the photo was not enlarged");
            },
        },
        {
            content: "A click fits it again",
            trigger: ".o_dra_image_viewer .o_dra_image_stage img.o_dra_zoomed",
            run: "click",
        },
        {
            content: "Fitted",
            trigger: ".o_dra_image_viewer .o_dra_image_stage img:not(.o_dra_zoomed)",
        },
    ],
});
