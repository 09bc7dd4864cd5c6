/** @odoo-module **/
// The import of many files in the web client: drop several DRA files and a
// zip at once, see the queue, press "Alle eindeutigen übernehmen", see the
// progress and the result, open the file that waits in the assistant. The
// test (tests/test_dra_import_queue_tour.py) stores the files as attachments
// that the tour downloads and drops.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const PREFIX = "ig_soom_dra_queue_tour_";

async function dropFiles() {
    const attachments = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=like", `${PREFIX}%`]], ["id", "name"]],
        kwargs: { order: "name" },
    });
    const transfer = new DataTransfer();
    for (const attachment of attachments) {
        const response = await fetch(`/web/content/${attachment.id}?download=true`);
        const name = attachment.name.slice(PREFIX.length);
        transfer.items.add(new File([await response.blob()], name));
    }
    const zone = document.querySelector(".o_dra_queue_upload .o_dra_dropzone");
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
}

registry.category("web_tour.tours").add("ig_soom_dra_import_queue_tour", {
    url: "/odoo/action-ig_soom_dra.dra_import_queue_action",
    steps: () => [
        {
            content: "Start a new import of many files",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Drop three DRA files and a zip archive at once",
            trigger: ".o_dra_queue_upload .o_dra_dropzone",
            run: () => dropFiles(),
        },
        {
            content: "Every file and every member of the zip is an entry, checked",
            trigger: ".o_dra_queue_progress.o_dra_queue_finished .o_dra_queue_count:contains(6 / 6)",
        },
        {
            content: "The file with a DTD is refused with its reason",
            trigger: ".o_data_row:contains(KSR_dtd.xml) .badge.text-bg-danger",
        },
        {
            content: "The photo in the zip is refused too",
            trigger: ".o_data_row:contains(photo.jpg) .badge.text-bg-danger",
        },
        {
            content: "The file with a similar customer waits for the assistant",
            trigger: ".o_data_row:contains(KSR_similar.xml) .badge.text-bg-warning",
        },
        {
            content: "Alle eindeutigen übernehmen",
            trigger: ".o_dra_queue_take_over_all:enabled",
            run: "click",
        },
        {
            content: "The progress counts the four unambiguous files, complete",
            trigger:
                ".o_dra_queue_progress.o_dra_queue_finished .o_dra_queue_count:contains(4 / 4)",
        },
        {
            content: "The bar is full",
            trigger: ".o_dra_queue_progress .progress-bar[style*='100%']",
        },
        {
            content: "Each unambiguous file is linked to its new order",
            trigger: ".o_data_row:contains(KSR_zip_b.xml) td[name=order_id]:contains(/)",
        },
        {
            content: "Nothing is left to take over",
            trigger: ".o_dra_queue_take_over_all:disabled",
        },
        {
            content: "Open the waiting file in the assistant",
            trigger: ".o_data_row:contains(KSR_similar.xml) button[name=action_open_assistant]",
            run: "click",
        },
        {
            content: "The assistant shows the file, loaded",
            trigger: ".o_dra_wizard .o_dra_file_header:contains(KSR_similar.xml)",
        },
        {
            content: "The assistant is at the preview, with the file's order number",
            trigger: ".o_dra_wizard div[name=page_preview] .o_field_widget:contains(99004)",
        },
    ],
});
