/** @odoo-module **/
// The import of many DRA files at once (form of dra.import.queue). Files
// chosen or dropped, and zip archives, are uploaded as multipart streams to
// /ig_soom_dra/dra_queue_upload, in groups below the size limit of one
// request; then the server checks the waiting files a few at a time, and
// "Alle eindeutigen übernehmen" takes the unambiguous ones over a few at a
// time, in two requests at once, while a progress bar counts them.

import { Component, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const UPLOAD_ROUTE = "/ig_soom_dra/dra_queue_upload";
const MEGABYTE = 1024 * 1024;
const FILES_PER_REQUEST = 10;
const TAKEOVER_CHUNK = 5;
const PARALLEL_REQUESTS = 2;

export class DraQueueUpload extends Component {
    static template = "ig_soom_dra.DraQueueUpload";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.input = useRef("input");
        // the progress stays in sight, complete, until the next upload or takeover
        this.state = useState({ dragging: false, busy: false, phase: "", done: 0, total: 0 });
    }

    get record() {
        return this.props.record;
    }

    get percent() {
        return this.state.total ? Math.round((100 * this.state.done) / this.state.total) : 0;
    }

    get phaseLabel() {
        return {
            upload: _t("Uploading"),
            check: _t("Checking"),
            takeover: _t("Taking over"),
        }[this.state.phase];
    }

    onDragOver(ev) {
        ev.dataTransfer.dropEffect = "copy";
        this.state.dragging = true;
    }

    onDragLeave() {
        this.state.dragging = false;
    }

    async onDrop(ev) {
        this.state.dragging = false;
        if (!this.state.busy && ev.dataTransfer?.files?.length) {
            await this.addFiles([...ev.dataTransfer.files]);
        }
    }

    onChoose() {
        this.input.el.click();
    }

    async onChange(ev) {
        const files = [...(ev.target.files || [])];
        ev.target.value = "";
        if (files.length) {
            await this.addFiles(files);
        }
    }

    async queueId() {
        if (this.record.isNew || this.record.dirty) {
            await this.record.save();
        }
        return this.record.resId;
    }

    /** Groups of files whose sizes add up to at most the limit of one request. */
    groups(files, limit) {
        const groups = [];
        let current = [];
        let size = 0;
        for (const file of files) {
            if (current.length && (current.length >= FILES_PER_REQUEST || size + file.size > limit)) {
                groups.push(current);
                current = [];
                size = 0;
            }
            current.push(file);
            size += file.size;
        }
        if (current.length) {
            groups.push(current);
        }
        return groups;
    }

    async uploadGroup(queueId, group) {
        const body = new FormData();
        body.append("queue_id", queueId);
        body.append("csrf_token", odoo.csrf_token);
        for (const file of group) {
            body.append("ufile", file);
        }
        try {
            const response = await fetch(UPLOAD_ROUTE, { method: "POST", body });
            if (response.status === 413) {
                return { error: this.tooLargeMessage };
            }
            return await response.json();
        } catch {
            return { error: _t("The files could not be uploaded. Try again.") };
        }
    }

    get tooLargeMessage() {
        const limit = this.record.data.max_file_size;
        return _t("The file is larger than the allowed %s MB.", Math.floor(limit / MEGABYTE));
    }

    async addFiles(files) {
        const limit = this.record.data.max_file_size;
        const accepted = files.filter((file) => !limit || file.size <= limit);
        for (const file of files.filter((file) => !accepted.includes(file))) {
            this.notification.add(`${file.name}: ${this.tooLargeMessage}`, { type: "danger" });
        }
        if (!accepted.length) {
            return;
        }
        const queueId = await this.queueId();
        if (!queueId) {
            return;
        }
        Object.assign(this.state, { busy: true, phase: "upload", done: 0, total: accepted.length });
        try {
            let waiting = 0;
            for (const group of this.groups(accepted, limit)) {
                const result = await this.uploadGroup(queueId, group);
                if (result.error) {
                    this.notification.add(result.error, { type: "danger" });
                } else {
                    waiting = result.progress.waiting;
                }
                this.state.done += group.length;
            }
            await this.checkWaiting(queueId, waiting);
        } finally {
            this.state.busy = false;
            await this.record.load();
        }
    }

    async checkWaiting(queueId, waiting) {
        Object.assign(this.state, { phase: "check", done: 0, total: waiting });
        let left = waiting;
        while (left > 0) {
            const progress = await this.orm.call("dra.import.queue", "check_waiting", [[queueId]]);
            left = progress.waiting;
            this.state.total = Math.max(this.state.total, left);
            this.state.done = this.state.total - left;
        }
    }

    async onTakeOverAll() {
        const queueId = await this.queueId();
        const ids = await this.orm.call("dra.import.queue", "ready_line_ids", [[queueId]]);
        if (!ids.length) {
            return;
        }
        const chunks = [];
        for (let start = 0; start < ids.length; start += TAKEOVER_CHUNK) {
            chunks.push(ids.slice(start, start + TAKEOVER_CHUNK));
        }
        Object.assign(this.state, { busy: true, phase: "takeover", done: 0, total: ids.length });
        let progress = {};
        const work = async () => {
            while (chunks.length) {
                const chunk = chunks.shift();
                progress = await this.orm.call("dra.import.queue", "take_over_lines", [
                    [queueId],
                    chunk,
                ]);
                this.state.done += chunk.length;
            }
        };
        try {
            await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, work));
            this.notification.add(
                _t("%(done)s files taken over; %(assistant)s wait for the assistant.", {
                    done: progress.done,
                    assistant: progress.assistant,
                }),
                { type: "success" }
            );
        } finally {
            this.state.busy = false;
            await this.record.load();
        }
    }
}

registry.category("view_widgets").add("dra_queue_upload", {
    component: DraQueueUpload,
    fieldDependencies: [
        { name: "max_file_size", type: "integer" },
        { name: "ready_count", type: "integer" },
    ],
});
