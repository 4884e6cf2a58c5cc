/**
 * What every module uses: configuration, logger, clock and ids, secrets at rest, token verification, the event store
 * and metrics. Built from one AppConfig so tests can start the real service with their own data directory, clock and
 * ids. The only global module of the service (docs/architecture.md, "Modules"): these are infrastructure every
 * feature needs, so no feature imports them; everything else is imported where it is used.
 */
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from './config/config';
import { APP_CONFIG } from './config/config';
import { EVENT_STORE, EventStore } from './event-store/port';
import { createEventStore } from './event-store/event-store.factory';
import { SECRET_BOX, SecretBox } from './secrets/secret-box';
import { devJwtSecret, secretsKey } from './auth/dev-secret';
import { TOKEN_VERIFIER, TokenVerifier } from './auth/token-verifier';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator, systemClock, uuidGenerator } from './shared/clock';
import { LOGGER, PinoLogger } from './shared/logging';
import { Metrics } from './operations/metrics';

export interface FoundationOptions {
  config: AppConfig;
  logger: PinoLogger;
  clock?: Clock;
  ids?: IdGenerator;
  /** Use this store instead of the configured one (tests that share one store between two app instances). */
  eventStore?: EventStore;
}

class EventStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly owned: boolean,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.store.close();
  }
}

@Global()
@Module({})
export class FoundationModule {
  static forRoot(o: FoundationOptions): DynamicModule {
    const { config, logger } = o;
    const hsSecret = config.auth.jwtSecret ?? (config.auth.jwksUri ? undefined : devJwtSecret(config.dataDir)[0]);
    const masterKey = config.secretsKey ? Buffer.from(config.secretsKey, 'base64') : secretsKey(config.dataDir);
    return {
      module: FoundationModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: o.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: o.ids ?? uuidGenerator },
        { provide: SECRET_BOX, useValue: new SecretBox(masterKey) },
        {
          provide: TOKEN_VERIFIER,
          useValue: new TokenVerifier({
            hsSecret,
            jwksUri: config.auth.jwksUri,
            audience: config.auth.audience,
            issuer: config.auth.issuer,
            maxLifetimeS: config.auth.maxTokenLifetimeS,
            defaultTenant: config.auth.defaultTenant,
          }),
        },
        { provide: EVENT_STORE, useFactory: () => o.eventStore ?? createEventStore(config, logger) },
        {
          provide: EventStoreCloser,
          useFactory: (store: EventStore) => new EventStoreCloser(store, !o.eventStore),
          inject: [EVENT_STORE],
        },
        Metrics,
      ],
      exports: [APP_CONFIG, LOGGER, CLOCK, ID_GENERATOR, SECRET_BOX, TOKEN_VERIFIER, EVENT_STORE, Metrics],
    };
  }
}
