"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=action.commands.js.map