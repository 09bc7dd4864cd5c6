/* A passer-by starts a report through the workshop's standard link. */
async (d) => {
    await d.open(START_URL);
    await d.fill("customer_name", "Paul Passant");
    await d.fill("customer_phone", "040 1234567");
    await d.fill("customer_email", "paul.passant@example.com");
    await d.fill("license_plate", "HH PP 123");
    await d.next();
    // the personal link of the new report, at its next step
    await d.step("insurance");
    d.assert(/\/schadenmeldung\/r\/\d+\//.test(d.doc().location.pathname), "a personal link");
    // back to the first step: what was entered is there
    await d.next("#dr-back");
    await d.step("contact");
    d.assert(d.doc().querySelector('[name="license_plate"]').value === "HH PP 123", "kept");
}
