"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditModule = void 0;
/** Audit from the log: history, version diffs and point-in-time reads (docs/audit.md). */
const common_1 = require("@nestjs/common");
const port_1 = require("../event-store/port");
const audit_reader_1 = require("./audit-reader");
const audit_controller_1 = require("./http/audit.controller");
const point_in_time_reads_1 = require("./http/point-in-time.reads");
let AuditModule = class AuditModule {
};
exports.AuditModule = AuditModule;
exports.AuditModule = AuditModule = __decorate([
    (0, common_1.Module)({
        controllers: [audit_controller_1.AuditController],
        providers: [
            { provide: audit_reader_1.AUDIT_READER, useFactory: (store) => new audit_reader_1.AuditReader(store), inject: [port_1.EVENT_STORE] },
            point_in_time_reads_1.PointInTimeReads,
        ],
        exports: [point_in_time_reads_1.PointInTimeReads],
    })
], AuditModule);
//# sourceMappingURL=audit.module.js.map