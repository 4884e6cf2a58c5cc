"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/** `npm start`: validates configuration (one clear line on error), then starts the service. */
require("reflect-metadata");
const config_1 = require("./config/config");
const dev_secret_1 = require("./auth/dev-secret");
const logging_1 = require("./shared/logging");
const app_factory_1 = require("./app.factory");
const SHUTDOWN_GRACE_MS = 15_000;
async function main() {
    let config;
    try {
        config = (0, config_1.loadConfig)();
    }
    catch (e) {
        if (e instanceof config_1.ConfigError) {
            process.stderr.write(`${e.message}\n`);
            process.exit(1);
        }
        throw e;
    }
    const logger = (0, logging_1.createLogger)(config.logLevel);
    if (!config.auth.jwtSecret && !config.auth.jwksUri) {
        const [, created] = (0, dev_secret_1.devJwtSecret)(config.dataDir);
        if (created) {
            logger.warn({ dataDir: config.dataDir }, 'No AUTH_JWT_SECRET or AUTH_JWKS_URI: generated a development HS256 secret under DATA_DIR. Mint a token with: npm run token -- --scope "read:actions create:actions update:actions delete:actions execute:actions"');
        }
    }
    const started = process.hrtime.bigint();
    const app = await (0, app_factory_1.createApp)({ config, logger });
    await app.listen({ port: config.port, host: config.host });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info({ url: `http://${config.host}:${config.port}`, startMs: Math.round(ms), eventStore: config.eventStoreConnectionString ? 'esdb' : 'sqlite', cache: config.redisUrl ? 'redis' : 'in-process' }, 'service listening');
    stopOnSignals(app, logger);
}
/**
 * SIGTERM / SIGINT: stop taking requests, let in-flight ones and the projections finish, close the stores, exit 0.
 * A second signal, or a close that takes longer than the grace period, exits at once with 1.
 */
function stopOnSignals(app, logger) {
    let stopping = false;
    const stop = (signal) => {
        if (stopping) {
            logger.warn({ signal }, 'second signal while stopping: exiting now');
            process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'stopping');
        const grace = setTimeout(() => {
            logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long: exiting now');
            process.exit(1);
        }, SHUTDOWN_GRACE_MS);
        grace.unref();
        app.close().then(() => {
            logger.info({}, 'stopped');
            process.exit(0);
        }, (error) => {
            logger.error({ err: error?.message }, 'error while stopping');
            process.exit(1);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}
main().catch((error) => {
    process.stderr.write(`Fatal: ${error?.stack ?? String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map