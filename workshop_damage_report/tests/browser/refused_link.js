/* A link that no longer opens the report: a clear page, no data. */
async (d) => {
    await d.open(START_URL);
    await d.waitFor("#dr-link-invalid");
    d.assert(!d.doc().querySelector("form"), "no form of the report");
    d.assert(!d.doc().body.textContent.includes("Clara"), "nothing of the customer");
}
