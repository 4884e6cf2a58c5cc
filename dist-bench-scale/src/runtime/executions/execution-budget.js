"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ExecutionBudget = void 0;
exports.jsonBytes = jsonBytes;
class ExecutionBudget {
    bounds;
    commandBytes = 0;
    logBytes = 0;
    constructor(bounds) {
        this.bounds = bounds;
    }
    /** A budget that counts what the record already holds (an execution resumed after a redirect). */
    static resuming(bounds, record) {
        const budget = new ExecutionBudget(bounds);
        for (const c of record.commands)
            budget.commandBytes += jsonBytes(c.args);
        for (const l of record.logs)
            for (const line of l.lines)
                budget.logBytes += Buffer.byteLength(line, 'utf8');
        return budget;
    }
    /** Why a command with arguments of this JSON size cannot be recorded, or undefined (and the size is counted). */
    takeCommand(path, bytes) {
        if (this.commandBytes + bytes > this.bounds.commandsMaxBytes) {
            return `api.${path}: the arguments of this execution's api calls may total at most ${this.bounds.commandsMaxBytes} bytes `
                + `(EXECUTION_COMMANDS_MAX_BYTES); this call's are ${bytes} bytes and ${this.commandBytes} are already used`;
        }
        this.commandBytes += bytes;
        return undefined;
    }
    /** Bytes of command arguments still allowed. */
    commandBytesLeft() {
        return Math.max(0, this.bounds.commandsMaxBytes - this.commandBytes);
    }
    /** Whether a log line of this size still fits (it is counted when it does). */
    takeLog(bytes) {
        if (this.logBytes + bytes > this.bounds.logsMaxBytes)
            return false;
        this.logBytes += bytes;
        return true;
    }
    /** The marker for log lines dropped because the execution's logs are full. */
    logsFullNote(dropped) {
        return `… [${dropped} more lines dropped: this execution's logs reached ${this.bounds.logsMaxBytes} bytes (EXECUTION_LOGS_MAX_BYTES)]`;
    }
}
exports.ExecutionBudget = ExecutionBudget;
function jsonBytes(value) {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
//# sourceMappingURL=execution-budget.js.map