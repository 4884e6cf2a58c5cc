"use strict";
/**
 * The runtime's view of the rest of the service. The runtime never reads events or read-model tables itself:
 * it gets what to run through these ports (implemented on the read models in src/actions and src/bindings).
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.ACTION_BUILDER = exports.BOUND_VERSIONS_SOURCE = void 0;
exports.BOUND_VERSIONS_SOURCE = Symbol('BOUND_VERSIONS_SOURCE');
exports.ACTION_BUILDER = Symbol('ACTION_BUILDER');
//# sourceMappingURL=runtime.ports.js.map