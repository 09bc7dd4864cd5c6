/** @odoo-module ignore **/
/* Copyright 2026 IG SOOM DRA contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
 *
 * The customer's damage-report app: guided photos (camera with the outline
 * of the angle, or existing photos), compressed on the phone and uploaded
 * one by one with progress and retry; the signature pad of the forms.
 * Plain JavaScript: no framework, no Odoo module system.
 */
(function () {
    "use strict";

    const MAX_SIDE = 2048;
    const JPEG_QUALITY = 0.85;
    const RETRIES = 6;

    function post(url, fields) {
        const body = new FormData();
        for (const [name, value] of Object.entries(fields)) {
            body.append(name, value);
        }
        return fetch(url, {method: "POST", body, credentials: "same-origin"}).then((response) =>
            response.json().then((answer) => ({ok: response.ok, answer}))
        );
    }

    // ------------------------------------------------------------------
    // Photos: compression on the phone
    // ------------------------------------------------------------------

    function decode(file) {
        if (window.createImageBitmap) {
            return createImageBitmap(file, {imageOrientation: "from-image"}).catch(() =>
                decodeWithImage(file)
            );
        }
        return decodeWithImage(file);
    }

    function decodeWithImage(file) {
        return new Promise((resolve, reject) => {
            const url = URL.createObjectURL(file);
            const image = new Image();
            image.onload = () => {
                URL.revokeObjectURL(url);
                resolve(image);
            };
            image.onerror = () => {
                URL.revokeObjectURL(url);
                reject(new Error("decode"));
            };
            image.src = url;
        });
    }

    function toJpeg(source, width, height) {
        const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
        return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
    }

    /** The photo as a JPEG of at most MAX_SIDE px, upright; the file itself
     * when the browser cannot decode it (the server decides then). */
    function compress(file) {
        return decode(file)
            .then((image) => toJpeg(image, image.width, image.height))
            .then((blob) => blob || file)
            .catch(() => file);
    }

    // ------------------------------------------------------------------
    // Photos: the upload queue
    // ------------------------------------------------------------------

    function setupPhotos(root) {
        const messages = Object.fromEntries(
            Array.from(document.querySelectorAll("#dr-messages [data-message]"), (node) => [
                node.dataset.message,
                node.textContent,
            ])
        );
        const queueList = document.getElementById("dr-queue");
        const queue = [];
        let busy = false;

        function addThumbnail(category, answer) {
            const card = root.querySelector(`.dr-card[data-category="${category}"]`);
            const item = document.createElement("li");
            item.dataset.photoId = answer.id;
            const image = document.createElement("img");
            image.src = answer.url;
            image.alt = "";
            image.width = 64;
            image.height = 64;
            const remove = document.createElement("button");
            remove.type = "button";
            remove.className = "dr-remove";
            remove.dataset.deleteUrl = `${answer.url}/delete`;
            remove.textContent = messages.remove;
            item.append(image, remove);
            card.querySelector(".dr-thumbs").append(item);
        }

        function send(job) {
            return new Promise((resolve) => {
                const body = new FormData();
                body.append("csrf_token", root.dataset.csrf);
                body.append("category", job.category);
                body.append("file", job.blob, job.name);
                const xhr = new XMLHttpRequest();
                xhr.open("POST", root.dataset.uploadUrl);
                xhr.upload.onprogress = (event) => {
                    if (event.lengthComputable) {
                        job.progress.value = Math.round((event.loaded * 100) / event.total);
                    }
                };
                xhr.onload = () => {
                    let answer = {};
                    try {
                        answer = JSON.parse(xhr.responseText);
                    } catch {
                        answer = {};
                    }
                    resolve({status: xhr.status, answer});
                };
                xhr.onerror = xhr.ontimeout = () => resolve({status: 0, answer: {}});
                xhr.timeout = 120000;
                xhr.send(body);
            });
        }

        function wait(ms) {
            return new Promise((resolve) => setTimeout(resolve, ms));
        }

        async function upload(job) {
            job.blob = await compress(job.file);
            for (let attempt = 0; attempt < RETRIES; attempt++) {
                job.label.textContent = `${job.name}: ${messages.uploading}`;
                const {status, answer} = await send(job);
                if (status === 200 && answer.id) {
                    job.item.dataset.state = "done";
                    job.label.textContent = `${job.name}: ${messages.done}`;
                    job.progress.value = 100;
                    addThumbnail(job.category, answer);
                    return;
                }
                if (status !== 0 && status < 500) {
                    job.item.dataset.state = "failed";
                    job.label.textContent = `${job.name}: ${answer.error || messages.failed}`;
                    return;
                }
                job.item.dataset.state = "retry";
                job.label.textContent = `${job.name}: ${messages.retry}`;
                await wait(1000 * 2 ** attempt);
            }
            job.item.dataset.state = "failed";
            job.label.textContent = `${job.name}: ${messages.failed}`;
        }

        async function run() {
            if (busy) {
                return;
            }
            busy = true;
            while (queue.length) {
                await upload(queue.shift());
            }
            busy = false;
        }

        function enqueue(category, file, name) {
            const item = document.createElement("li");
            item.dataset.state = "waiting";
            item.dataset.category = category;
            const label = document.createElement("span");
            label.textContent = name;
            const progress = document.createElement("progress");
            progress.max = 100;
            progress.value = 0;
            progress.setAttribute("aria-label", name);
            item.append(label, progress);
            queueList.append(item);
            queue.push({category, file, name, item, label, progress});
            run();
        }

        root.addEventListener("change", (event) => {
            const input = event.target;
            if (!input.classList.contains("dr-file")) {
                return;
            }
            for (const file of input.files) {
                enqueue(input.dataset.category, file, file.name || `${input.dataset.category}.jpg`);
            }
            input.value = "";
        });

        root.addEventListener("click", (event) => {
            const remove = event.target.closest(".dr-remove");
            if (!remove) {
                return;
            }
            remove.disabled = true;
            post(remove.dataset.deleteUrl, {csrf_token: root.dataset.csrf})
                .then(({ok}) => {
                    if (ok) {
                        remove.closest("li").remove();
                    } else {
                        remove.disabled = false;
                    }
                })
                .catch(() => {
                    remove.disabled = false;
                });
        });

        setupCamera(root, enqueue, messages);
    }

    // ------------------------------------------------------------------
    // Photos: the camera with the outline of the angle
    // ------------------------------------------------------------------

    function setupCamera(root, enqueue, messages) {
        const dialog = document.getElementById("dr-camera");
        const media = navigator.mediaDevices;
        const buttons = root.querySelectorAll(".dr-camera-open");
        if (!dialog || !media || !media.getUserMedia || !dialog.showModal) {
            // no live camera here: the file input offers the phone's camera app
            buttons.forEach((button) => {
                button.hidden = true;
            });
            return;
        }
        const video = document.getElementById("dr-video");
        const outline = document.getElementById("dr-camera-outline");
        let stream = null;
        let category = null;

        function stop() {
            if (stream) {
                stream.getTracks().forEach((track) => track.stop());
                stream = null;
            }
            video.srcObject = null;
            if (dialog.open) {
                dialog.close();
            }
        }

        for (const button of buttons) {
            button.addEventListener("click", () => {
                const card = button.closest(".dr-card");
                category = card.dataset.category;
                outline.src = card.querySelector(".dr-outline").src;
                media
                    .getUserMedia({
                        video: {facingMode: {ideal: "environment"}, width: {ideal: 1920}},
                        audio: false,
                    })
                    .then((camera) => {
                        stream = camera;
                        video.srcObject = camera;
                        dialog.showModal();
                    })
                    .catch(() => {
                        window.alert(messages.cameraError);
                    });
            });
        }
        document.getElementById("dr-camera-close").addEventListener("click", stop);
        dialog.addEventListener("close", stop);
        document.getElementById("dr-camera-shoot").addEventListener("click", () => {
            if (!video.videoWidth) {
                return;
            }
            toJpeg(video, video.videoWidth, video.videoHeight).then((blob) => {
                const shot = category;
                stop();
                if (blob) {
                    enqueue(shot, blob, `${shot}-${Date.now()}.jpg`);
                }
            });
        });
    }

    // ------------------------------------------------------------------
    // Signatures
    // ------------------------------------------------------------------

    function setupSignature(section) {
        const canvas = section.querySelector(".dr-pad");
        if (!canvas || !window.SignaturePad) {
            return;
        }
        const pad = new window.SignaturePad(canvas);
        const error = section.querySelector(".dr-sign-error");
        const fit = () => {
            const ratio = Math.max(window.devicePixelRatio || 1, 1);
            const data = pad.toData();
            canvas.width = canvas.offsetWidth * ratio;
            canvas.height = canvas.offsetHeight * ratio;
            canvas.getContext("2d").scale(ratio, ratio);
            pad.clear();
            pad.fromData(data);
        };
        fit();
        window.addEventListener("resize", fit);
        section.querySelector(".dr-pad-clear").addEventListener("click", () => pad.clear());
        section.querySelector(".dr-pad-sign").addEventListener("click", (event) => {
            const button = event.currentTarget;
            const signer = section.querySelector(".dr-signer").value.trim();
            if (pad.isEmpty() || !signer) {
                error.textContent = section.querySelector(".dr-hint").textContent;
                error.hidden = false;
                return;
            }
            button.disabled = true;
            post(section.dataset.signUrl, {
                csrf_token: section.dataset.csrf,
                template_id: section.dataset.templateId,
                signer_name: signer,
                signature: pad.toDataURL("image/png"),
            })
                .then(({ok, answer}) => {
                    if (ok) {
                        section.querySelector(".dr-sign-pad").replaceWith(
                            section.querySelector(".dr-sign-pad .dr-signed")
                        );
                        section.querySelector(".dr-signed").hidden = false;
                    } else {
                        error.textContent = answer.error;
                        error.hidden = false;
                        button.disabled = false;
                    }
                })
                .catch(() => {
                    button.disabled = false;
                });
        });
    }

    // ------------------------------------------------------------------
    // Dates: only the workshop's opening days (the server checks them too)
    // ------------------------------------------------------------------

    function setupDates(opening) {
        const days = opening.dataset.openingDays.split(",").map(Number);
        const message = document.getElementById("dr-closed-day").textContent;
        for (const input of document.querySelectorAll('#dr-form-dates input[type="date"]')) {
            const check = () => {
                const day = input.value ? (new Date(`${input.value}T12:00:00`).getDay() + 6) % 7 : null;
                input.setCustomValidity(day === null || days.includes(day) ? "" : message);
            };
            input.addEventListener("change", () => {
                check();
                input.reportValidity();
            });
            check();
        }
    }

    function start() {
        const opening = document.getElementById("dr-opening");
        if (opening) {
            setupDates(opening);
        }
        const photos = document.getElementById("dr-photos");
        if (photos) {
            setupPhotos(photos);
        }
        document.querySelectorAll(".dr-sign").forEach(setupSignature);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
