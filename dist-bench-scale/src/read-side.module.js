"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReadSideModule = void 0;
/** Queries over the read models, global so the runtime can take what triggers run from them without a cycle. */
const common_1 = require("@nestjs/common");
const actions_queries_1 = require("./actions/actions.queries");
const bindings_queries_1 = require("./bindings/bindings.queries");
const bound_versions_source_1 = require("./bindings/bound-versions.source");
const projection_runner_1 = require("./projections/projection-runner");
const runtime_ports_1 = require("./runtime/runtime.ports");
const secret_box_1 = require("./secrets/secret-box");
let ReadSideModule = class ReadSideModule {
};
exports.ReadSideModule = ReadSideModule;
exports.ReadSideModule = ReadSideModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({
        providers: [
            actions_queries_1.ActionsQueries,
            bindings_queries_1.BindingsQueries,
            {
                provide: bound_versions_source_1.ReadModelBoundVersions,
                // The in-memory view forgets a tenant's triggers whenever the projections apply an event of that tenant.
                useFactory: (bindings, actions, box, runner) => {
                    const source = new bound_versions_source_1.ReadModelBoundVersions(bindings, actions, box);
                    runner?.onBatchApplied((events) => source.invalidate(events));
                    return source;
                },
                inject: [bindings_queries_1.BindingsQueries, actions_queries_1.ActionsQueries, secret_box_1.SECRET_BOX, { token: projection_runner_1.ProjectionRunner, optional: true }],
            },
            { provide: runtime_ports_1.BOUND_VERSIONS_SOURCE, useExisting: bound_versions_source_1.ReadModelBoundVersions },
        ],
        exports: [actions_queries_1.ActionsQueries, bindings_queries_1.BindingsQueries, runtime_ports_1.BOUND_VERSIONS_SOURCE, bound_versions_source_1.ReadModelBoundVersions],
    })
], ReadSideModule);
//# sourceMappingURL=read-side.module.js.map