/**
 * The web console (README.md, "Console"): the single-page app built into console/dist by `npm run build`, served at
 * /console as public static files (no token: the SPA's own API calls carry it). Any other path under /console is a
 * deep link and answers index.html; a missing hashed asset is a 404 in the API's error body. `/console/config.json`
 * tells the SPA how to sign in. The page may only reach this service and, for OIDC sign-in, the issuer
 * (Content-Security-Policy).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { errorBody } from '../shared/http/error-filter';

/** Where `npm run build` puts the SPA: the same relative place from src/console and from dist/console. */
export const CONSOLE_DIST = path.resolve(__dirname, '..', '..', 'console', 'dist');
const PREFIX = '/console';

/** What the SPA needs to sign in; `oidc` only when an issuer and a client id are configured. */
export interface ConsoleSettings {
  apiBase: string;
  audience: string;
  oidc: { issuer: string; clientId: string; audience: string; scope: string } | null;
}

export const CONSOLE_SCOPE = 'openid profile read:actions create:actions update:actions delete:actions';

export function consoleSettings(config: AppConfig): ConsoleSettings {
  const { issuer, audience } = config.auth;
  const clientId = config.console.oidcClientId;
  return {
    apiBase: '/api/v2',
    audience,
    oidc: issuer && clientId ? { issuer, clientId, audience, scope: CONSOLE_SCOPE } : null,
  };
}

/** The browser may load and call only this origin (and the issuer, to sign in): no fonts, CDNs or telemetry. */
export function contentSecurityPolicy(config: AppConfig): string {
  const issuerOrigin = config.auth.issuer ? safeOrigin(config.auth.issuer) : undefined;
  return [
    "default-src 'self'",
    `connect-src 'self'${issuerOrigin ? ` ${issuerOrigin}` : ''}`,
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'", // Monaco sets styles at run time
    "img-src 'self' data:",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self'${issuerOrigin ? ` ${issuerOrigin}` : ''}`,
  ].join('; ');
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Every file of the built SPA, relative to its folder with '/' separators (the set never changes while running). */
function builtFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.add(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(path.join(root, 'index.html'))) walk(root);
  return files;
}

/** Registers the console's routes on the service's Fastify instance (called once from createApp). */
export function installConsole(fastify: FastifyInstance, config: AppConfig, root = CONSOLE_DIST): void {
  const files = builtFiles(root);
  const settings = JSON.stringify(consoleSettings(config));
  const csp = contentSecurityPolicy(config);

  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false });

    scope.get(`${PREFIX}/config.json`, (_request, reply) => {
      void reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(settings);
    });
    scope.get(PREFIX, (_request, reply) => {
      void reply.redirect(`${PREFIX}/`, 302);
    });
    scope.get(`${PREFIX}/*`, (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      if (files.size === 0) {
        return reply
          .status(503)
          .send(errorBody(503, 'The console is not built: run `npm run build` and restart.', 'console_not_built'));
      }
      const wanted = request.params['*'];
      if (files.has(wanted) && wanted !== 'index.html') {
        // Vite names the files under assets/ by content hash: they never change.
        if (wanted.startsWith('assets/')) return reply.sendFile(wanted, { maxAge: '365d', immutable: true });
        void reply.header('cache-control', 'no-cache');
        return reply.sendFile(wanted, { cacheControl: false });
      }
      if (wanted.startsWith('assets/')) {
        const shown = request.url.split('?')[0].slice(0, 200);
        return reply.status(404).send(errorBody(404, `Route GET ${shown} does not exist.`, 'route_not_found'));
      }
      void reply.header('content-security-policy', csp).header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    });
  });
}
