/* A customer reports a damage through the personal link, every step. */
async (d) => {
    await d.open(START_URL);

    await d.step("contact");
    d.assert(d.doc().querySelector('[name="customer_name"]').value, "the name is prefilled");
    await d.fill("customer_phone", "0171 2345678");
    await d.fill("vin", "WVWZZZ1KZAW000123");
    await d.fill("vehicle_make", "Volkswagen");
    await d.fill("vehicle_model", "Golf");
    await d.fill("odometer", "48210");
    await d.next();

    await d.step("insurance");
    await d.check("#dr-cover-liability");
    await d.fill("insurer_name", "Test Versicherung AG");
    await d.fill("claim_number", "KS-2026-0815");
    await d.check("#dr-reported_to_insurer");
    await d.next();

    await d.step("photos");
    const inputs = [...d.doc().querySelectorAll(".dr-card .dr-file")];
    d.assert(inputs.length >= 9, `a card for each angle (${inputs.length})`);
    for (const [index, input] of inputs.slice(0, 9).entries()) {
        const file = await d.photo(`IMG_${index}.jpg`, 3000, 2000, `hsl(${index * 40}, 60%, 40%)`);
        await d.choose(input, [file]);
    }
    for (let tries = 0; ; tries++) {
        const items = [...d.doc().querySelectorAll("#dr-queue li")];
        const failed = items.find((item) => item.dataset.state === "failed");
        d.assert(!failed, `an upload failed: ${failed && failed.textContent}`);
        if (items.length === 9 && items.every((item) => item.dataset.state === "done")) {
            break;
        }
        d.assert(tries < 600, "the photos are uploaded within a minute");
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await d.next();

    await d.step("damage");
    await d.fill("damage_description", "Delle und Kratzer an der Beifahrertür, beim Ausparken.");
    await d.fill("damage_date", DAMAGE_DATE);
    await d.fill("damage_place", "Parkhaus am Markt");
    await d.next();

    await d.step("dates");
    const first = await d.waitFor('[name="date_1"]');
    // the first two opening days from the earliest date offered
    const openDays = OPENING_DAYS;
    const day = new Date(`${first.min}T12:00:00`);
    const chosen = [];
    while (chosen.length < 2) {
        if (openDays.includes((day.getDay() + 6) % 7)) {
            chosen.push(day.toISOString().slice(0, 10));
        }
        day.setDate(day.getDate() + 1);
    }
    for (const [index, value] of chosen.entries()) {
        await d.fill(`date_${index + 1}`, value);
        const time = await d.waitFor(`[name="time_${index + 1}"]`);
        time.value = time.options[Math.min(2, time.options.length - 1)].value;
        time.dispatchEvent(new Event("change", {bubbles: true}));
    }
    await d.next();

    await d.step("forms");
    const sections = [...d.doc().querySelectorAll(".dr-sign")];
    d.assert(sections.length >= 2, "the RKÜ and the service agreement are to be signed");
    for (const section of sections) {
        await d.draw(section.querySelector(".dr-pad"));
        section.querySelector(".dr-pad-sign").click();
        for (let tries = 0; !section.querySelector(".dr-signed:not([hidden])"); tries++) {
            const error = section.querySelector(".dr-sign-error:not([hidden])");
            d.assert(!error, `the signature is refused: ${error && error.textContent}`);
            d.assert(tries < 300, "the form is signed within 30 s");
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    await d.check("#dr-privacy");
    await d.check("#dr-withdrawal_ack");
    await d.check("#dr-early_start");
    await d.check("#dr-early_start_ack");
    await d.next();

    await d.waitFor("#dr-form-submit");
    d.assert(d.doc().querySelector("#dr-summary"), "the review shows what is sent");
    await d.next("#dr-submit");
    await d.waitFor("#dr-sent");
}
