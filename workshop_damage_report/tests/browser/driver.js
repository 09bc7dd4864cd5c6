/* A customer in the browser, for the browser tests of the web app.
 *
 * The customer's pages load only their own small bundle, not Odoo's web
 * client, so Odoo's tour runner is not there to follow a tour from page to
 * page. This driver does it instead: it opens the pages in a frame that
 * fills the phone's screen and works them as a person does (typing into the
 * fields, choosing files, drawing the signature with pointer events,
 * pressing the buttons), waiting for each page that a button leads to. The
 * test's own code, its flow, is an async function of the driver `d`. Any
 * JavaScript error of the pages fails the test (Odoo's browser test). */
(async () => {
    const frame = document.createElement("iframe");
    frame.style.cssText = "position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff";
    document.body.appendChild(frame);
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const loaded = () => new Promise((resolve) => frame.addEventListener("load", resolve, {once: true}));
    const doc = () => frame.contentDocument;
    const win = () => frame.contentWindow;
    const d = {
        doc,
        async open(url) {
            const done = loaded();
            frame.src = url;
            await done;
        },
        async waitFor(selector, {timeout = 30000, visible = false} = {}) {
            const start = Date.now();
            for (;;) {
                const found = doc() && doc().querySelector(selector);
                if (found && (!visible || !found.closest("[hidden]"))) {
                    return found;
                }
                if (Date.now() - start > timeout) {
                    throw new Error(`not found on ${doc() && doc().location.pathname}: ${selector}`);
                }
                await sleep(100);
            }
        },
        async step(code) {
            await d.waitFor(`form[data-step="${code}"]`);
        },
        async fill(name, value) {
            const field = await d.waitFor(`[name="${name}"]`);
            field.focus();
            field.value = value;
            field.dispatchEvent(new (win().Event)("input", {bubbles: true}));
            field.dispatchEvent(new (win().Event)("change", {bubbles: true}));
        },
        async check(selector) {
            const box = await d.waitFor(selector);
            if (!box.checked) {
                box.click();
            }
        },
        async click(selector) {
            (await d.waitFor(selector)).click();
        },
        /* Press what leads to another page, and wait for that page. */
        async next(selector = "#dr-next") {
            const button = await d.waitFor(selector);
            const done = loaded();
            button.click();
            await done;
        },
        /* A photo as a phone camera gives it: a JPEG of width x height. */
        async photo(name, width = 3000, height = 2000, colour = "#2a6ebb") {
            const canvas = doc().createElement("canvas");
            canvas.width = width;
            canvas.height = height;
            const context = canvas.getContext("2d");
            context.fillStyle = colour;
            context.fillRect(0, 0, width, height);
            context.fillStyle = "#ddd";
            context.fillRect(width / 4, height / 3, width / 2, height / 3);
            const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
            return new (win().File)([blob], name, {type: "image/jpeg"});
        },
        async choose(input, files) {
            const transfer = new (win().DataTransfer)();
            files.forEach((file) => transfer.items.add(file));
            input.files = transfer.files;
            input.dispatchEvent(new (win().Event)("change", {bubbles: true}));
        },
        /* Draw a signature on the canvas, as a finger does. */
        async draw(canvas) {
            canvas.scrollIntoView();
            const box = canvas.getBoundingClientRect();
            const PointerEvent = win().PointerEvent;
            const at = (type, x, y) =>
                canvas.dispatchEvent(
                    new PointerEvent(type, {
                        bubbles: true,
                        cancelable: true,
                        pointerId: 1,
                        pointerType: "touch",
                        isPrimary: true,
                        buttons: type === "pointerup" ? 0 : 1,
                        pressure: type === "pointerup" ? 0 : 0.5,
                        clientX: box.left + x * box.width,
                        clientY: box.top + y * box.height,
                    })
                );
            at("pointerdown", 0.1, 0.6);
            for (let i = 1; i <= 20; i++) {
                at("pointermove", 0.1 + i * 0.04, 0.6 - Math.sin(i / 3) * 0.3);
                await sleep(10);
            }
            at("pointerup", 0.9, 0.5);
        },
        assert(condition, message) {
            if (!condition) {
                throw new Error(message);
            }
        },
    };
    try {
        await (__FLOW__)(d);
        console.log("test successful");
    } catch (error) {
        console.error(`${error.message}\n${error.stack}`);
    }
})();
