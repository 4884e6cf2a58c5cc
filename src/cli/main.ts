#!/usr/bin/env node
/**
 * `npm run cli -- <command>`:
 *   token   --scope "<scopes>" [--tenant <id>] [--expires 24h]   mint a development token (HS256)
 *   replay  --stream <name> [--until <position>]                 print a stream's events, oldest first (audit)
 *   rebuild [--projection <name>]                                rebuild read models from position 0, then swap
 *   status                                                       projection checkpoints and state
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { runToken } from './token.command';
import { runReplay } from './replay.command';
import { runRebuild, runStatus } from './rebuild.command';

const USAGE = `Usage: npm run cli -- <command> [options]
  token   --scope "<scopes>" [--tenant <id>] [--expires 24h]
  replay  --stream <name> [--until <position>]
  rebuild [--projection <name>]
  status`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      scope: { type: 'string' }, tenant: { type: 'string' }, expires: { type: 'string' }, subject: { type: 'string' },
      stream: { type: 'string' }, until: { type: 'string' }, projection: { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig();
  switch (command) {
    case 'token':
      return runToken(config, values);
    case 'replay':
      return runReplay(config, values);
    case 'rebuild':
      return runRebuild(config, values);
    case 'status':
      return runStatus(config);
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof TypeError ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
