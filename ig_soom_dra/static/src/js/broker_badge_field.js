/** @odoo-module **/
// The claims broker of an order in the broker's own colour: a badge with the
// broker's short label (list, kanban) and a band across the order form. The
// colour, the readable text colour and the label come from the broker record
// (related fields of repair.order), never from code.

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const BROKER_FIELDS = [
    { name: "broker_color", type: "char" },
    { name: "broker_text_color", type: "char" },
    { name: "broker_short_label", type: "char" },
];

export class BrokerBadgeField extends Component {
    static template = "ig_soom_dra.BrokerBadgeField";
    static props = {
        ...standardFieldProps,
        showName: { type: Boolean, optional: true },
    };

    get brokerName() {
        const value = this.props.record.data[this.props.name];
        if (!value) {
            return "";
        }
        return Array.isArray(value) ? value[1] : value.display_name || "";
    }

    get label() {
        return this.props.record.data.broker_short_label || this.brokerName;
    }

    get style() {
        const { broker_color: color, broker_text_color: textColor } = this.props.record.data;
        return `background-color: ${color || "#6c757d"}; color: ${textColor || "#FFFFFF"};`;
    }
}

export const brokerBadgeField = {
    component: BrokerBadgeField,
    displayName: _t("Claims Broker Badge"),
    supportedTypes: ["many2one"],
    fieldDependencies: BROKER_FIELDS,
    extractProps: ({ options }) => ({ showName: Boolean(options.show_name) }),
};

export class BrokerBandField extends BrokerBadgeField {
    static template = "ig_soom_dra.BrokerBandField";

    get orderRef() {
        return this.props.record.data.broker_order_ref || "";
    }

    get workshopStatus() {
        const status = this.props.record.data.workshop_status;
        const selection = this.props.record.fields.workshop_status?.selection || [];
        const option = selection.find(([value]) => value === status);
        return option ? option[1] : "";
    }
}

export const brokerBandField = {
    ...brokerBadgeField,
    component: BrokerBandField,
    displayName: _t("Claims Broker Band"),
    fieldDependencies: [
        ...BROKER_FIELDS,
        { name: "broker_order_ref", type: "char" },
        { name: "workshop_status", type: "selection" },
    ],
};

registry.category("fields").add("broker_badge", brokerBadgeField);
registry.category("fields").add("broker_band", brokerBandField);
