/** @odoo-module **/
// The draft order of an order e-mail takes its DRA file in the web client:
// a workshop user opens the draft from the kanban column "DRA-Datei fehlt",
// presses "DRA-Datei hochladen", drops the file onto the assistant, takes it
// over and ends on the same order. The test (tests/test_order_mail_tour.py)
// creates the draft by an e-mail and stores the file as the attachment
// "ig_soom_dra_tour_order_mail_file", its name as description.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const ATTACHMENT = "ig_soom_dra_tour_order_mail_file";
const PLATE = "S-IG 123";

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

registry.category("web_tour.tours").add("ig_soom_dra_order_mail_tour", {
    url: "/odoo/action-ig_soom_dra.repair_order_action_broker?view_type=kanban",
    steps: () => [
        {
            content: "The first column of the kanban is the stage DRA File Missing",
            trigger: ".o_kanban_group:first-child .o_column_title:contains(DRA)",
        },
        {
            content: "Open the draft of the e-mail from that column",
            trigger: `.o_kanban_group:first-child .o_kanban_record:contains(${PLATE})`,
            run: "click",
        },
        {
            content: "The draft has no customer yet and offers its buttons",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ig_fetch_dra]",
        },
        {
            content: "Upload the DRA file",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ig_upload_dra]",
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
            content: "The preview says that the file updates the draft",
            trigger: ".o_dra_wizard div[name=reimport_notice] .o_field_widget[name=duplicate_order_id]",
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
            content: "The order step links the file to the draft",
            trigger: ".o_dra_wizard div[name=page_order] .o_field_widget[name=existing_order_id]",
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
            content: "The order is open, with its DRA file: the buttons of the draft are gone",
            trigger:
                "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_ig_upload_dra])) .o_ig_broker_band:contains(202019362)",
        },
        {
            content: "It is the draft of the e-mail, with the e-mail's order PDF",
            trigger: ".o_form_view .o-mail-Chatter .o-mail-AttachmentCard:contains(Auftrag_202019362.pdf)",
        },
    ],
});
