/** @odoo-module **/
// The rest of an IG order's life in the web client: the estimate goes to
// SOOM (its date and amounts; the quotation's hourly rate is not the one
// agreed with the broker, so the dialog warns and sends only once "Send
// anyway" is ticked), then, after the invoice was posted, the invoice, the
// status RE and the invoice PDF. The test (tests/test_soom_invoice_tour.py)
// runs the stand-in, prepares the order, posts the invoice between the two
// tours and compares what the stand-in holds with what the dialogs listed.
//
// Selectors use `name` attributes, never labels, so that the tours run in
// English and in German.

import { registry } from "@web/core/registry";

const ROWS = ".modal .o_field_widget[name=line_ids] .o_data_row";

/** "Label: value" of each row the SOOM dialog listed last. */
let shownRows = [];

/** Fail unless the SOOM dialog lists exactly ``count`` values; keep them. */
function expectRows(count) {
    return () => {
        const rows = document.querySelectorAll(ROWS);
        if (rows.length !== count) {
            throw new Error(`The SOOM dialog lists ${rows.length} values, expected ${count}.`);
        }
        shownRows = [...rows].map(
            (row) =>
                `${row.querySelector("td[name=label]").textContent.trim()}: ` +
                row.querySelector("td[name=new_value]").textContent.trim()
        );
    };
}

/**
 * Wait until a chatter note lists exactly the values the dialog listed and,
 * when ``documentShown`` is given, one more line that ends with it (the PDF).
 */
async function expectChatterNote(documentShown = "") {
    const count = shownRows.length + (documentShown ? 1 : 0);
    for (let attempt = 0; attempt < 50; attempt++) {
        for (const list of document.querySelectorAll(".o-mail-Message-body ul")) {
            const items = [...list.querySelectorAll("li")].map((li) => li.textContent.trim());
            const rest = items.filter((item) => !shownRows.includes(item));
            const documentListed = documentShown
                ? rest.length === 1 && rest[0].endsWith(documentShown)
                : rest.length === 0;
            if (items.length === count && documentListed) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No chatter note lists what the dialog showed: ${shownRows.join(" | ")}`);
}

function openDialog() {
    return {
        content: "Open the SOOM dialog",
        trigger: ".o_form_statusbar button[name=action_soom_send]",
        run: "click",
    };
}

function sent() {
    return [
        {
            content: "SOOM confirms the transmission",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

registry.category("web_tour.tours").add("ig_soom_dra_soom_estimate_tour", {
    steps: () => [
        {
            content: "The order is open, in KV",
            trigger: ".o_form_view .o_ig_broker_band_status:contains(KV)",
        },
        openDialog(),
        {
            content: "It lists the estimate: sent at, net and gross",
            trigger: `${ROWS}:eq(2)`,
            run: expectRows(3),
        },
        {
            content: "It warns: the labour line's rate is not the one agreed",
            trigger: ".modal .o_field_widget[name=rate_warning]:contains(Karosserie AW)",
        },
        {
            content: "Send without ticking 'Send anyway'",
            trigger: ".modal-footer button[name=action_send]",
            run: "click",
        },
        {
            content: "Nothing went: the dialog asks for the decision",
            trigger: ".modal .alert-warning .o_field_widget[name=message]:not(:empty)",
        },
        {
            content: "Tick 'Send anyway'",
            trigger: ".modal .o_field_widget[name=send_anyway] input",
            run: "click",
        },
        {
            content: "Send",
            trigger: ".modal-footer button[name=action_send]",
            run: "click",
        },
        ...sent(),
        {
            content: "The chatter says what went",
            trigger: ".o-mail-Chatter",
            run: () => expectChatterNote(),
        },
    ],
});

let shownDocument = "";

registry.category("web_tour.tours").add("ig_soom_dra_soom_invoice_tour", {
    steps: () => [
        {
            content: "The posted invoice put the order in RE",
            trigger: ".o_form_view .o_ig_broker_band_status:contains(RE)",
        },
        openDialog(),
        {
            content:
                "It lists the invoice: number, date, net, VAT, gross, deductible and status RE",
            trigger: `${ROWS}:eq(6)`,
            run: expectRows(7),
        },
        {
            content: "It names the invoice PDF that goes with it",
            trigger: ".modal .o_field_widget[name=document_display]:contains(.pdf)",
            run() {
                shownDocument = document
                    .querySelector(".modal .o_field_widget[name=document_display]")
                    .textContent.trim();
            },
        },
        {
            content: "No rate warning: the estimate is not sent again",
            trigger: ".modal:not(:has(.o_field_widget[name=rate_warning]:visible))",
        },
        {
            content: "Send",
            trigger: ".modal-footer button[name=action_send]",
            run: "click",
        },
        ...sent(),
        {
            content: "The chatter says what went, the PDF too",
            trigger: ".o-mail-Chatter",
            run: () => expectChatterNote(shownDocument),
        },
    ],
});
