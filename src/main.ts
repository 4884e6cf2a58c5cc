/** `npm start`: validates configuration (one clear line on error), then starts the service. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { devJwtSecret } from './auth/dev-secret';
import { createLogger } from './shared/logging';
import { createApp } from './app.factory';

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  if (!config.auth.jwtSecret && !config.auth.jwksUri) {
    const [, created] = devJwtSecret(config.dataDir);
    if (created) {
      logger.warn(
        { dataDir: config.dataDir },
        'No AUTH_JWT_SECRET or AUTH_JWKS_URI: generated a development HS256 secret under DATA_DIR. Mint a token with: npm run token -- --scope "read:actions create:actions update:actions delete:actions execute:actions"',
      );
    }
  }
  const started = process.hrtime.bigint();
  const app = await createApp({ config, logger });
  await app.listen({ port: config.port, host: config.host });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info(
    {
      url: `http://${config.host}:${config.port}`,
      startMs: Math.round(ms),
      eventStore: config.eventStoreConnectionString ? 'esdb' : 'sqlite',
      cache: config.redisUrl ? 'redis' : 'in-process',
    },
    'service listening',
  );
  stopOnSignals(app, logger);
}

/**
 * SIGTERM / SIGINT: stop taking requests, let in-flight ones and the projections finish, close the stores, exit 0.
 * A second signal, or a close that takes longer than the grace period, exits at once with 1.
 */
function stopOnSignals(app: { close(): Promise<void> }, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
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
    app.close().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: (error as Error)?.message }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
