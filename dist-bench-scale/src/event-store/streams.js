"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.streams = void 0;
exports.streamCategory = streamCategory;
/** Every stream name the service uses, in one place (ESDB category style: `<category>-<id>`). */
exports.streams = {
    action: (actionId) => `action-${actionId}`,
    triggerBindings: (tenantId, triggerId) => `triggerBindings-${tenantId}.${triggerId}`,
    tenantActions: (tenantId) => `tenantActions-${tenantId}`,
};
function streamCategory(stream) {
    const dash = stream.indexOf('-');
    return dash < 0 ? stream : stream.slice(0, dash);
}
//# sourceMappingURL=streams.js.map