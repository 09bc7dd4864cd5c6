/** @odoo-module **/
// Als DRA exportieren in the web client: from an open IG order (sample
// KSR202019374.xml, three documents), through the order's action menu,
// untick the checklist, export, and find the download link. The test
// (tests/test_dra_export.py) opens the order's form, runs the tour in English
// and in German, then downloads the file through the link with the session
// and reads it. The menu entry is found by the action's name in the user's
// language, as the server gives it.

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const DIALOG = ".modal:has(.o_field_widget[name=line_ids])";
const CHECKLIST_ROW = `${DIALOG} .o_data_row:has(td[name=name]:contains(202019374Checkliste.pdf))`;

registry.category("web_tour.tours").add("ig_soom_dra_export_tour", {
    steps: () => [
        {
            content: "The imported order is open",
            trigger: ".o_form_view .o_ig_broker_band:contains(202019374)",
        },
        {
            content: "Open the order's action menu",
            trigger: ".o_control_panel .o_cp_action_menus .fa-cog",
            run: "click",
        },
        {
            content: "Choose Export as DRA File (Als DRA exportieren)",
            trigger: ".o-dropdown--menu .o_menu_item",
            async run() {
                const action = await rpc("/web/action/load", {
                    action_id: "ig_soom_dra.dra_export_wizard_action",
                });
                const item = [...document.querySelectorAll(".o-dropdown--menu .o_menu_item")].find(
                    (element) => element.textContent.trim() === action.name
                );
                if (!item) {
                    throw new Error(`The action menu has no entry ${action.name}.`);
                }
                item.click();
            },
        },
        {
            content: "The dialog lists the three documents, all ticked",
            trigger: `${DIALOG} .o_data_row:nth-child(3) td[name=selected] input:checked`,
            run() {
                const rows = document.querySelectorAll(`${DIALOG} .o_data_row`);
                if (rows.length !== 3) {
                    throw new Error(`The dialog lists ${rows.length} documents, expected 3.`);
                }
            },
        },
        {
            content: "Untick the checklist",
            trigger: `${CHECKLIST_ROW} td[name=selected] input:checked`,
            run: "click",
        },
        {
            content: "The checklist is unticked",
            trigger: `${CHECKLIST_ROW} td[name=selected] input:not(:checked)`,
        },
        {
            content: "Export",
            trigger: `${DIALOG} .modal-footer button[name=action_export]`,
            run: "click",
        },
        {
            content: "The dialog offers the file for download",
            trigger:
                ".modal a.o_ig_dra_export_download[href*='/web/content/dra.export.wizard/']" +
                "[href*='download=true']:contains(DRA_202019374.xml)",
        },
        {
            content: "Close the dialog",
            trigger: ".modal-footer button.btn-secondary[special=cancel]",
            run: "click",
        },
        {
            content: "The order is shown again",
            trigger: "body:not(:has(.modal)) .o_form_view .o_ig_broker_band:contains(202019374)",
        },
    ],
});
