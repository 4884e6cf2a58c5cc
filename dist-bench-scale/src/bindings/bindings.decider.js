"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bindingsDecider = exports.BINDINGS_EVENT_TYPES = void 0;
/**
 * The `triggerBindings-<tenant>.<trigger>` stream: a trigger's complete, ordered list of bindings, replaced as a
 * whole on every change (management-api.md §1.14, §3.7, decision 4). Pure: the facts about the referenced actions
 * (read from their own streams) and the new binding ids arrive in the command.
 */
const decider_1 = require("../shared/decider");
const domain_errors_1 = require("../shared/domain-errors");
const trigger_catalogue_1 = require("../triggers/trigger-catalogue");
exports.BINDINGS_EVENT_TYPES = ['TriggerBindingsReplaced'];
function evolve(_state, event) {
    switch (event.type) {
        case 'TriggerBindingsReplaced':
            return { bindings: event.data.bindings };
        default:
            return _state;
    }
}
function resolveActionId(item, index, state, names) {
    const { type, value } = item.ref;
    switch (type) {
        case 'action_id':
            return value;
        case 'action_name': {
            const id = names[value];
            if (!id)
                throw new domain_errors_1.InvalidError(`Unable to find an action named "${value}" (bindings[${index}]).`);
            return id;
        }
        case 'binding_id': {
            const existing = state.bindings.find((b) => b.id === value);
            if (!existing)
                throw new domain_errors_1.InvalidError(`No binding with id "${value}" exists on this trigger (bindings[${index}]).`);
            return existing.actionId;
        }
        default:
            return (0, decider_1.assertNever)(type, 'binding ref type');
    }
}
function sameBindings(a, b) {
    return a.length === b.length && a.every((x, i) => x.actionId === b[i].actionId && x.displayName === b[i].displayName);
}
function decide(command, state) {
    switch (command.type) {
        case 'UpdateBindings': {
            const { tenantId, triggerId, items, now, maxBindings, actions, names } = command.data;
            const trigger = (0, trigger_catalogue_1.currentTrigger)(triggerId);
            if (!trigger)
                throw new domain_errors_1.InvalidError(`Unknown trigger "${triggerId}".`);
            if (trigger.binding_policy === 'entity-bound')
                throw new domain_errors_1.InvalidError('cannot update action bindings for an entity-bound trigger');
            if (items.length > maxBindings) {
                throw new domain_errors_1.InvalidError(`A trigger can have at most ${maxBindings} bindings; ${items.length} were given.`);
            }
            const seen = new Set();
            const next = items.map((item, i) => {
                const actionId = resolveActionId(item, i, state, names);
                const facts = actions[actionId];
                if (!facts)
                    throw new domain_errors_1.InvalidError(`Trying to create a binding for an action that does not exist (bindings[${i}]: ${item.ref.value}).`);
                if (!facts.deployed)
                    throw new domain_errors_1.InvalidError('Trying to create a binding for an action that has not been deployed yet');
                if (!(0, trigger_catalogue_1.canBind)(facts.trigger, triggerId))
                    throw new domain_errors_1.InvalidError('Trying to create a binding between an incompatible action and trigger.');
                if (seen.has(actionId))
                    throw new domain_errors_1.InvalidError(`An action can be bound only once per trigger; "${facts.name}" appears twice.`);
                seen.add(actionId);
                return { id: item.newBindingId, actionId, displayName: item.displayName ?? facts.name, createdAt: now };
            });
            if (sameBindings(state.bindings, next))
                return [];
            return [{ type: 'TriggerBindingsReplaced', data: { tenantId, triggerId, bindings: next, updatedAt: now } }];
        }
        case 'RemoveActionFromBindings': {
            const { tenantId, triggerId, actionId, now } = command.data;
            if (!state.bindings.some((b) => b.actionId === actionId))
                return [];
            const bindings = state.bindings.filter((b) => b.actionId !== actionId);
            return [{ type: 'TriggerBindingsReplaced', data: { tenantId, triggerId, bindings, updatedAt: now } }];
        }
        default:
            return (0, decider_1.assertNever)(command, 'bindings command');
    }
}
exports.bindingsDecider = {
    initialState: () => ({ bindings: [] }),
    evolve,
    decide,
};
//# sourceMappingURL=bindings.decider.js.map