/** @odoo-module **/
// The file field of the DRA takeover assistant: Odoo's binary field, plus a
// drop zone, so that the DRA file can be dropped onto the assistant as well
// as chosen.

import { useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { getDataURLFromFile } from "@web/core/utils/urls";
import { BinaryField, binaryField } from "@web/views/fields/binary/binary_field";

export class DraFileField extends BinaryField {
    static template = "ig_soom_dra.DraFileField";

    setup() {
        super.setup();
        this.dropZone = useState({ active: false });
    }

    onDragOver(ev) {
        if (this.props.readonly) {
            return;
        }
        ev.dataTransfer.dropEffect = "copy";
        this.dropZone.active = true;
    }

    onDragLeave() {
        this.dropZone.active = false;
    }

    async onDrop(ev) {
        this.dropZone.active = false;
        const file = ev.dataTransfer?.files?.[0];
        if (!file || this.props.readonly) {
            return;
        }
        const dataUrl = await getDataURLFromFile(file);
        await this.update({ data: dataUrl.split(",")[1] || false, name: file.name });
    }
}

registry.category("fields").add("dra_file", { ...binaryField, component: DraFileField });
