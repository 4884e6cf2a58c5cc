"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.presentBinding = presentBinding;
/** ActionBinding (management-api.md §2.4): the binding with its embedded action (and its deployed version). */
const action_presenter_1 = require("../../actions/http/action.presenter");
function presentBinding(b) {
    return {
        id: b.id,
        trigger_id: b.triggerId,
        display_name: b.displayName,
        action: (0, action_presenter_1.presentAction)(b.action),
        created_at: b.createdAt,
        updated_at: b.updatedAt,
    };
}
//# sourceMappingURL=binding.presenter.js.map