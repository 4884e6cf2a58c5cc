"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.READ_MODELS = void 0;
exports.READ_MODELS = Symbol('READ_MODELS');
//# sourceMappingURL=read-models.js.map