"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PROJECTIONS = void 0;
/** Nest injection token for the list of registered projections. */
exports.PROJECTIONS = Symbol('PROJECTIONS');
//# sourceMappingURL=projection.js.map