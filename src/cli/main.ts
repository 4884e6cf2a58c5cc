#!/usr/bin/env node
/**
 * `npm run cli -- <command>`:
 *   token   --scope "<scopes>" [--tenant <id>] [--expires 24h]   mint a development token (HS256)
 *   history <action id> | --trigger <id> [--tenant <id>]  [--format json|table]   an action's (or a trigger's
 *                                                                bindings') history, as GET …/history shows it
 *   replay  [--stream <name> | --category <name>] [--from <pos|time>] [--until <pos|time>] [--format json|table]
 *                                                                history entries of a stream, a category or the log
 *   rebuild [--projection <name>]                                rebuild read models from position 0, then swap
 *   status                                                       store head, projection positions, lag, parked ones
 * See docs/audit.md.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { runToken } from './token.command';
import { runHistory } from './history.command';
import { runReplay } from './replay.command';
import { runRebuild, runStatus } from './rebuild.command';

const USAGE = `Usage: npm run cli -- <command> [options]
  token   --scope "<scopes>" [--tenant <id>] [--expires 24h]
  history <action id> [--format json|table]
  history --trigger <trigger id> [--tenant <id>] [--format json|table]
  replay  [--stream <name> | --category <name>] [--from <position|ISO time>] [--until <position|ISO time>] [--format json|table]
  rebuild [--projection <name>]
  status`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      scope: { type: 'string' },
      tenant: { type: 'string' },
      expires: { type: 'string' },
      subject: { type: 'string' },
      stream: { type: 'string' },
      until: { type: 'string' },
      projection: { type: 'string' },
      category: { type: 'string' },
      from: { type: 'string' },
      format: { type: 'string' },
      trigger: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > (command === 'history' ? 1 : 0))
    throw new TypeError(`Unexpected argument "${positionals.at(-1)}"\n${USAGE}`);
  const config = loadConfig();
  switch (command) {
    case 'token':
      return runToken(config, values);
    case 'history':
      return runHistory(config, positionals[0], values);
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
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof TypeError ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
    );
    process.exit(1);
  },
);
