/** @odoo-module **/
// Takes any DRA file through the five steps of the takeover assistant in the
// web client: the file is dropped onto the assistant, and every party that is
// not found becomes a new contact. The test
// (tests/test_dra_import_tour.py) stores the file as the attachment
// "ig_soom_dra_tour_file" with the file's name as description.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const ATTACHMENT = "ig_soom_dra_tour_file";

async function dropFile() {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", ATTACHMENT]], ["id", "description"]],
        kwargs: {},
    });
    const response = await fetch(`/web/content/${attachment.id}?download=true`);
    const file = new File([await response.blob()], attachment.description, {
        type: "text/xml",
    });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    // dropped onto the assistant, as a user drags it from the downloads
    const zone = document.querySelector(".o_dra_wizard .o_dra_dropzone");
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
}

const openLines = () =>
    document.querySelectorAll(
        ".o_dra_wizard div[name=page_addresses] button[name=action_create_partner]"
    );

async function createMissingContacts() {
    // Each click reloads the assistant: wait until the line is resolved.
    for (let count = openLines().length; count > 0; count = openLines().length) {
        openLines()[0].click();
        for (let wait = 0; wait < 100 && openLines().length >= count; wait++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (openLines().length >= count) {
            throw new Error("The address line was not resolved.");
        }
    }
}

registry.category("web_tour.tours").add("ig_soom_dra_import_any_tour", {
    url: "/odoo/action-ig_soom_dra.repair_order_action_broker",
    steps: () => [
        {
            content: "Open the assistant",
            trigger: ".o_control_panel button:contains(DRA)",
            run: "click",
        },
        {
            content: "Drop the DRA file onto the assistant",
            trigger: ".o_dra_wizard .o_dra_dropzone",
            run: dropFile,
        },
        {
            content: "The file's name stands in the header",
            trigger: ".o_dra_file_header .o_field_widget:contains(.xml)",
        },
        {
            content: "Read the file",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The preview shows the order",
            trigger: ".o_dra_wizard div[name=step_preview] .fa-check-circle",
        },
        {
            content: "Go to the address step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "Create the contacts that do not exist yet",
            trigger: ".o_dra_wizard div[name=page_addresses] .o_data_row",
            run: createMissingContacts,
        },
        {
            content: "Every address is resolved",
            trigger: ".o_dra_wizard div[name=step_addresses] .fa-check-circle",
        },
        {
            content: "Go to vehicle and attachments",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The vehicle step",
            trigger: ".o_dra_wizard div[name=page_vehicle]",
        },
        {
            content: "Go to the order step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: "The order step",
            trigger: ".o_dra_wizard div[name=page_order]",
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
            content: "The repair order is open",
            trigger: ".o_form_view .o_ig_broker_band",
        },
    ],
});
