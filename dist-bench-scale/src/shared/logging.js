"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NestPinoLogger = exports.LOGGER = void 0;
exports.createLogger = createLogger;
const pino_1 = __importDefault(require("pino"));
exports.LOGGER = Symbol('LOGGER');
function createLogger(level) {
    return (0, pino_1.default)({
        level,
        base: { service: 'open-actions' },
        timestamp: pino_1.default.stdTimeFunctions.isoTime,
        redact: { paths: ['*.secrets[*].value', '*.authorization', 'req.headers.authorization', '*.value'], censor: '[redacted]' },
    });
}
/** Routes Nest's internal logging into the JSON logger. */
class NestPinoLogger {
    logger;
    constructor(logger) {
        this.logger = logger;
    }
    log(message, context) { this.logger.info({ context }, String(message)); }
    error(message, trace, context) { this.logger.error({ context, trace }, String(message)); }
    warn(message, context) { this.logger.warn({ context }, String(message)); }
    debug(message, context) { this.logger.debug({ context }, String(message)); }
    verbose(message, context) { this.logger.trace({ context }, String(message)); }
}
exports.NestPinoLogger = NestPinoLogger;
//# sourceMappingURL=logging.js.map