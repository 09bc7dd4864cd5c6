/** @odoo-module **/
// Takes an imported IG order (sample KSR202019374.xml) from the first call to
// the repair release (AB) in the web client, sending each step to SOOM with
// the SOOM button, as a workshop user does. The test
// (tests/test_soom_tour.py) runs the SOOM stand-in, imports the order and
// opens its form; afterwards it compares what the stand-in received with
// what the two dialogs listed.
//
// Selectors use `name` attributes, never labels; dates are typed in the
// format of the user's language, and the values the server lists are expected
// as it writes them: in the user's time zone, in the language's date and time
// format. The test runs it in English and in German.

import { registry } from "@web/core/registry";
import { formatDateTime } from "@web/core/l10n/dates";
import { user } from "@web/core/user";

const { DateTime } = luxon;

const ROWS = ".modal .o_field_widget[name=line_ids] .o_data_row";

/** A date-time at ``hour`` o'clock, ``days`` from today, in the browser's time zone. */
function at(days, hour) {
    return DateTime.local().startOf("day").plus({ days, hours: hour });
}

/** "Label: value" of each row the SOOM dialog lists now. */
let shownRows = [];

/** Fail the step unless the SOOM dialog lists exactly ``count`` values; keep them. */
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

/** Wait until the chatter notes a transmission of exactly the values the dialog listed. */
async function expectChatterNote() {
    const expected = JSON.stringify(shownRows);
    for (let attempt = 0; attempt < 50; attempt++) {
        const notes = [...document.querySelectorAll(".o-mail-Message-body ul")].map((list) =>
            JSON.stringify([...list.querySelectorAll("li")].map((li) => li.textContent.trim()))
        );
        if (notes.includes(expected)) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No chatter note lists the values the dialog showed: ${expected}`);
}

/** Steps that type a date-time into the field ``name`` (of a dialog when ``inModal``). */
function editDateTime(name, value, inModal = false) {
    const scope = inModal ? ".modal " : ".o_form_view ";
    return [
        {
            content: `Enter ${name}`,
            trigger: `${scope}.o_field_widget[name=${name}] input`,
            run: `edit ${formatDateTime(value)} && press Enter`,
        },
        {
            content: `${name} is taken`,
            trigger: `${scope}.o_field_widget[name=${name}] input:value(${formatDateTime(value)})`,
        },
    ];
}

/** ``value`` as the server writes it for the user (time zone and format of the session). */
function asServerWrites(value) {
    return formatDateTime(value, { tz: user.tz });
}

/** A step that checks that a value row of the SOOM dialog shows exactly ``text``. */
function rowShows(text) {
    return {
        content: `The SOOM dialog lists ${text}`,
        trigger: `${ROWS} td[name=new_value]`,
        run() {
            const values = [...document.querySelectorAll(`${ROWS} td[name=new_value]`)].map(
                (cell) => cell.textContent.trim()
            );
            if (!values.includes(text)) {
                throw new Error(`The SOOM dialog lists ${values.join(" | ")}, not ${text}.`);
            }
        },
    };
}

/** Steps that press Send in the SOOM dialog and wait until it closed. */
function sendToSoom() {
    return [
        {
            content: "Send to SOOM",
            trigger: ".modal-footer button[name=action_send]",
            run: "click",
        },
        {
            content: "SOOM confirms the transmission",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The chatter says what went: exactly the values the dialog listed",
            trigger: ".o-mail-Chatter",
            run: expectChatterNote,
        },
    ];
}

registry.category("web_tour.tours").add("ig_soom_dra_soom_flow_tour", {
    steps: () => {
        const inspection = at(2, 14);
        const estimateSent = at(0, 10);
        const repairStart = at(7, 8);
        const repairEnd = at(10, 17);
        return [
            {
                content: "The imported order is open, in KV",
                trigger: ".o_form_view .o_ig_broker_band:contains(202019374) .o_ig_broker_band_status:contains(KV)",
            },
            // --- A calm header: one row of buttons, Odoo's status bar whole --
            {
                content: "The workshop status is a labelled badge in the band",
                trigger: ".o_ig_broker_band .o_ig_broker_band_status.badge .o_ig_broker_band_status_label",
            },
            {
                content: "Odoo's status bar shows its states in a row, from New to Repaired",
                trigger: ".o_form_statusbar .o_statusbar_status:has(button[role=radio])",
                run: () => {
                    for (const state of ["draft", "done"]) {
                        const button = document.querySelector(
                            `.o_form_statusbar .o_statusbar_status button[role=radio][data-value=${state}]`
                        );
                        if (!button || !button.offsetParent) {
                            throw new Error(`The status bar is squeezed: ${state} is hidden.`);
                        }
                    }
                },
            },
            {
                content: "The header's buttons fit in one row; the rare ones are in the action menu",
                trigger: ".o_form_statusbar .o_statusbar_buttons button[name=action_soom_send]",
                run: () => {
                    const buttons = [
                        ...document.querySelectorAll(".o_form_statusbar .o_statusbar_buttons button"),
                    ].filter((button) => button.offsetParent);
                    const rows = new Set(buttons.map((button) => button.getBoundingClientRect().top));
                    if (rows.size !== 1) {
                        throw new Error(`The header's buttons take ${rows.size} rows.`);
                    }
                    for (const rare of ["action_soom_open_portal", "action_ig_send_parts_form"]) {
                        if (document.querySelector(`.o_form_statusbar button[name=${rare}]`)) {
                            throw new Error(`${rare} is still a header button.`);
                        }
                    }
                },
            },
            // --- The first call: appointment assistant ---------------------
            {
                content: "Open the appointment assistant",
                trigger: ".o_form_statusbar button[name=action_soom_appointment]",
                run: "click",
            },
            {
                content: "The customer was reached",
                trigger: ".modal .o_field_widget[name=customer_reached] input[data-value=yes]",
                run: "click",
            },
            ...editDateTime("inspection_at", inspection, true),
            {
                content: "The customer leaves the car at the workshop",
                trigger:
                    ".modal .o_field_widget[name=vehicle_arrival] input[data-value=customer_leaves]",
                run: "click",
            },
            {
                content: "Save the call",
                trigger: ".modal-footer button[name=action_confirm]",
                run: "click",
            },
            {
                content: "The assistant is closed",
                trigger: "body:not(:has(.modal))",
            },
            // --- Send the call and the appointment -------------------------
            {
                content: "Open the SOOM dialog",
                trigger: ".o_form_statusbar button[name=action_soom_send]",
                run: "click",
            },
            {
                content:
                    "It lists call time, customer reached and the inspection, not the courtesy car class that came from SOOM",
                trigger: `${ROWS}:eq(2)`,
                run: expectRows(3),
            },
            rowShows(asServerWrites(inspection)),
            ...sendToSoom(),
            // --- Estimate sent ---------------------------------------------
            {
                content: "Open the processing status",
                trigger: ".o_notebook_headers a[name=soom_processing_status]",
                run: "click",
            },
            {
                content: "The milestones sent are marked as sent",
                trigger: ".o_field_widget[name=soom_status_html] .badge.text-bg-success",
            },
            {
                content: "The inspection is in the calendar: the order links to its event",
                trigger: ".o_field_widget[name=inspection_event_id] :contains(M-ZZ 44)",
            },
            ...editDateTime("estimate_sent_at", estimateSent),
            {
                content: "Save the order",
                trigger: ".o_form_view .o_form_button_save",
                run: "click",
            },
            {
                content: "The order is saved",
                trigger: ".o_form_button_save:not(:visible)",
            },
            {
                content: "The implicit release is due 24 hours later",
                trigger: ".o_field_widget[name=release_due_at]",
            },
            // --- Repair release: AB -----------------------------------------
            {
                content: "Record the repair release",
                trigger: ".o_form_statusbar button[name=action_soom_release]",
                run: "click",
            },
            ...editDateTime("repair_start_planned", repairStart, true),
            ...editDateTime("repair_end_expected", repairEnd, true),
            {
                content: "Confirm the release",
                trigger: ".modal-footer button[name=action_confirm]",
                run: "click",
            },
            {
                content: "The release is recorded: its button is gone",
                trigger: ".o_form_statusbar:not(:has(button[name=action_soom_release]))",
            },
            {
                content: "The dialog is closed",
                trigger: "body:not(:has(.modal))",
            },
            {
                content: "The order is in AB",
                trigger: ".o_form_view .o_ig_broker_band_status:contains(AB)",
            },
            // --- Send the release --------------------------------------------
            {
                content: "Open the SOOM dialog again",
                trigger: ".o_form_statusbar button[name=action_soom_send]",
                run: "click",
            },
            {
                content: "It lists the estimate sent, release, release date, repair start and end",
                trigger: `${ROWS}:eq(4)`,
                run: expectRows(5),
            },
            rowShows(asServerWrites(estimateSent)),
            rowShows(asServerWrites(repairStart)),
            rowShows(asServerWrites(repairEnd)),
            ...sendToSoom(),
            {
                content: "Nothing is left to send: no milestone changed since",
                trigger:
                    ".o_field_widget[name=soom_status_html]:not(:has(.badge.text-bg-warning))",
            },
        ];
    },
});
