/** @odoo-module **/
// The image viewer of the takeover assistant: the previewed photo fitted to
// the viewer's width (small photos are enlarged), zoomed in and out with the
// buttons or a click, turned by the rotation the assistant keeps per
// document. The browser scales and turns the image: the server never
// decodes it.

import { useRef, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { ImageField, imageField } from "@web/views/fields/image/image_field";

const ZOOM_STEP = 1.5;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 8;

export class DraImageViewerField extends ImageField {
    static template = "ig_soom_dra.DraImageViewerField";
    static props = {
        ...ImageField.props,
        rotationField: { type: String, optional: true },
    };

    setup() {
        super.setup();
        // null: fitted to the viewer's width; otherwise a factor of the image's own size
        this.zoom = useState({ factor: null, naturalWidth: 0 });
        this.imageRef = useRef("image");
    }

    get rotation() {
        return (this.props.rotationField && this.props.record.data[this.props.rotationField]) || 0;
    }

    get zoomLabel() {
        return this.zoom.factor === null ? "" : `${Math.round(this.zoom.factor * 100)} %`;
    }

    get imageStyle() {
        const width =
            this.zoom.factor === null
                ? "width: 100%;"
                : `width: ${Math.round(this.zoom.naturalWidth * this.zoom.factor)}px;`;
        return `${width} max-width: none; transform: rotate(${this.rotation}deg);`;
    }

    get quarterTurned() {
        return this.rotation % 180 !== 0;
    }

    onImageLoad(ev) {
        this.zoom.naturalWidth = ev.target.naturalWidth;
    }

    currentFactor() {
        if (this.zoom.factor !== null) {
            return this.zoom.factor;
        }
        const img = this.imageRef.el;
        return img && this.zoom.naturalWidth ? img.clientWidth / this.zoom.naturalWidth : 1;
    }

    zoomIn() {
        this.zoom.factor = Math.min(this.currentFactor() * ZOOM_STEP, MAX_ZOOM);
    }

    zoomOut() {
        this.zoom.factor = Math.max(this.currentFactor() / ZOOM_STEP, MIN_ZOOM);
    }

    fit() {
        this.zoom.factor = null;
    }

    actualSize() {
        this.zoom.factor = 1;
    }

    onImageClick() {
        if (this.zoom.factor === null) {
            this.zoomIn();
        } else {
            this.fit();
        }
    }
}

export const draImageViewerField = {
    ...imageField,
    component: DraImageViewerField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...imageField.extractProps(fieldInfo, dynamicInfo),
        rotationField: fieldInfo.options.rotation_field,
    }),
};

registry.category("fields").add("dra_image_viewer", draImageViewerField);
