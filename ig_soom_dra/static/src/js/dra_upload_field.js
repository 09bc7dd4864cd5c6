/** @odoo-module **/
// The DRA file field of the takeover assistant. The file is chosen or
// dropped onto the assistant, and uploaded as a multipart stream to
// /ig_soom_dra/dra_upload: the server checks its size before reading it and
// keeps it in the filestore; the field then holds that attachment. The file
// never travels as base64 inside JSON-RPC.

import { Component, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const UPLOAD_ROUTE = "/ig_soom_dra/dra_upload";
const MEGABYTE = 1024 * 1024;

export class DraUploadField extends Component {
    static template = "ig_soom_dra.DraUploadField";
    static props = { ...standardFieldProps };

    setup() {
        this.notification = useService("notification");
        this.input = useRef("input");
        this.state = useState({ dragging: false, uploading: false });
    }

    get fileName() {
        const data = this.props.record.data;
        return data.dra_filename || data[this.props.name]?.[1] || "";
    }

    get tooLargeMessage() {
        const limit = this.props.record.data.max_file_size;
        return _t("The file is larger than the allowed %s MB.", Math.floor(limit / MEGABYTE));
    }

    onDragOver(ev) {
        if (this.props.readonly) {
            return;
        }
        ev.dataTransfer.dropEffect = "copy";
        this.state.dragging = true;
    }

    onDragLeave() {
        this.state.dragging = false;
    }

    async onDrop(ev) {
        this.state.dragging = false;
        const file = ev.dataTransfer?.files?.[0];
        if (file && !this.props.readonly) {
            await this.upload(file);
        }
    }

    onChoose() {
        this.input.el.click();
    }

    async onChange(ev) {
        const file = ev.target.files?.[0];
        ev.target.value = "";
        if (file) {
            await this.upload(file);
        }
    }

    async upload(file) {
        const limit = this.props.record.data.max_file_size;
        if (limit && file.size > limit) {
            this.notification.add(this.tooLargeMessage, { type: "danger" });
            return;
        }
        const body = new FormData();
        body.append("ufile", file);
        body.append("csrf_token", odoo.csrf_token);
        this.state.uploading = true;
        let result;
        try {
            const response = await fetch(UPLOAD_ROUTE, { method: "POST", body });
            if (response.status === 413) {
                result = { error: this.tooLargeMessage };
            } else {
                result = await response.json();
            }
        } catch {
            result = { error: _t("The file could not be uploaded. Try again.") };
        } finally {
            this.state.uploading = false;
        }
        if (result.error) {
            this.notification.add(result.error, { type: "danger" });
            return;
        }
        await this.props.record.update({
            [this.props.name]: [result.id, result.name],
            dra_filename: result.name,
        });
    }
}

registry.category("fields").add("dra_upload", {
    component: DraUploadField,
    supportedTypes: ["many2one"],
    relatedFields: [],
});
