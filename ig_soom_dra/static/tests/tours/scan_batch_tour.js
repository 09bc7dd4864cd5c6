/** @odoo-module **/
// Scans zuordnen in the web client: a new scan, the stack chosen in the file
// field as the browser uploads it, "Read and File"; two documents are filed
// by their barcodes, the loose last page is left to assign; it is assigned
// to the second order by hand and filed, and the scan is done. The test
// (tests/test_scan_batch.py) builds the stack and keeps it as an attachment
// for the tour to fetch; it runs the tour in English and in German, so
// every step finds its element by field and button names, not by labels.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const FILE_NAME = "stapel.pdf";
const UNASSIGNED_ROW = ".o_field_widget[name=part_ids] .o_data_row:has(td[name=state] .text-bg-warning)";

async function chooseStack() {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", "ig_soom_dra_tour_scan.pdf"]], ["id"]],
        kwargs: {},
    });
    const response = await fetch(`/web/content/${attachment.id}?download=true`);
    const file = new File([await response.blob()], FILE_NAME, { type: "application/pdf" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const input = document.querySelector(".o_field_widget[name=stack_file] input[type=file]");
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("ig_soom_dra_scan_tour", {
    steps: () => [
        {
            content: "The list of scans is open: make a new one",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the scanned stack",
            trigger: ".o_form_view .o_field_widget[name=stack_file] .o_select_file_button",
            run: () => chooseStack(),
        },
        {
            content: "The stack is uploaded",
            trigger: ".o_form_view .o_field_widget[name=stack_file] .o_clear_file_button",
        },
        {
            content: "Read and file",
            trigger: ".o_form_view .o_form_statusbar button[name=action_split]",
            run: "click",
        },
        {
            content: "Two documents are filed, one part is left to assign",
            trigger: ".o_field_widget[name=part_ids] .o_data_row:nth-child(3)",
            // reading and filing the stack takes seconds on a busy machine
            timeout: 60000,
            run() {
                const filed = document.querySelectorAll(
                    ".o_field_widget[name=part_ids] .o_data_row:has(td[name=state] .text-bg-success)"
                );
                const open = document.querySelectorAll(UNASSIGNED_ROW);
                if (filed.length !== 2 || open.length !== 1) {
                    throw new Error(`${filed.length} parts filed, ${open.length} to assign.`);
                }
            },
        },
        {
            content: "Choose the order of the loose page",
            trigger: `${UNASSIGNED_ROW} td[name=order_id]`,
            run: "click",
        },
        {
            content: "Type the second order's reference",
            trigger: `${UNASSIGNED_ROW} td[name=order_id] input`,
            run: "edit SCAN-TOUR-2",
        },
        {
            content: "Pick the order",
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(SCAN-TOUR-2)",
            run: "click",
        },
        {
            content: "The order is chosen",
            trigger: `${UNASSIGNED_ROW} td[name=order_id] input:value("WH/RO/SCAN-TOUR-2")`,
        },
        {
            content: "File it",
            trigger: `${UNASSIGNED_ROW} button[name=action_file]`,
            run: "click",
        },
        {
            content: "Everything is filed: the scan is done",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]",
            timeout: 30000,
        },
        {
            content: "No part is left to assign",
            trigger: ".o_field_widget[name=part_ids]:not(:has(.text-bg-warning))",
        },
    ],
});
