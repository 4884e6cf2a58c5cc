"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PresentedActions = void 0;
const tenant_view_1 = require("../../projections/tenant-view");
class PresentedActions {
    view = new tenant_view_1.TenantView({ perTenant: 1000 });
    get(tenantId, id, present) {
        return this.view.get(tenantId, id, present);
    }
    invalidate(events) {
        this.view.invalidate(events);
    }
    size() {
        return this.view.size();
    }
}
exports.PresentedActions = PresentedActions;
//# sourceMappingURL=presented-actions.js.map