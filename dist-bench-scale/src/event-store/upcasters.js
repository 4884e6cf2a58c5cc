"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.upcasters = void 0;
exports.upcast = upcast;
/** Empty so far: every stored shape is still current. */
exports.upcasters = {};
function upcast(event) {
    const up = exports.upcasters[event.type];
    if (!up)
        return event;
    return { ...event, data: up(event.data, event) };
}
//# sourceMappingURL=upcasters.js.map