"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionExistenceReader = void 0;
exports.existenceOf = existenceOf;
/** Reads an action's own stream to tell whether it exists, for the tenant name registry's stale-claim check. */
const common_1 = require("@nestjs/common");
const streams_1 = require("../../event-store/streams");
const command_pipeline_1 = require("../../shared/command-pipeline");
const action_decider_1 = require("../action.decider");
let ActionExistenceReader = class ActionExistenceReader {
    pipeline;
    constructor(pipeline) {
        this.pipeline = pipeline;
    }
    async of(actionId) {
        return existenceOf((await this.load(actionId)).state);
    }
    load(actionId) {
        return this.pipeline.load(action_decider_1.actionDecider, streams_1.streams.action(actionId));
    }
};
exports.ActionExistenceReader = ActionExistenceReader;
exports.ActionExistenceReader = ActionExistenceReader = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline])
], ActionExistenceReader);
function existenceOf(state) {
    return state.status === 'Active' ? 'exists' : state.status === 'Deleted' ? 'deleted' : 'absent';
}
//# sourceMappingURL=action-existence.js.map