/** `npm start`: validates configuration (one clear line on error), then starts the service. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { devJwtSecret } from './auth/dev-secret';
import { createLogger } from './shared/logging';
import { createApp } from './app.factory';

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
  logger.info({ url: `http://${config.host}:${config.port}`, startMs: Math.round(ms), eventStore: config.eventStoreConnectionString ? 'esdb' : 'sqlite', cache: config.redisUrl ? 'redis' : 'in-process' }, 'service listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
