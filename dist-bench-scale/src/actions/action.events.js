"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ACTION_EVENT_TYPES = void 0;
exports.ACTION_EVENT_TYPES = [
    'ActionCreated', 'ActionDraftUpdated', 'ActionDraftBuilt', 'ActionDraftBuildFailed',
    'ActionVersionCreated', 'ActionVersionDeployed', 'ActionDeleted',
];
//# sourceMappingURL=action.events.js.map