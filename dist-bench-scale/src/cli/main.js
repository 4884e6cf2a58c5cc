#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
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
require("reflect-metadata");
const node_util_1 = require("node:util");
const config_1 = require("../config/config");
const token_command_1 = require("./token.command");
const history_command_1 = require("./history.command");
const replay_command_1 = require("./replay.command");
const rebuild_command_1 = require("./rebuild.command");
const USAGE = `Usage: npm run cli -- <command> [options]
  token   --scope "<scopes>" [--tenant <id>] [--expires 24h]
  history <action id> [--format json|table]
  history --trigger <trigger id> [--tenant <id>] [--format json|table]
  replay  [--stream <name> | --category <name>] [--from <position|ISO time>] [--until <position|ISO time>] [--format json|table]
  rebuild [--projection <name>]
  status`;
async function main(argv) {
    const [command, ...rest] = argv;
    const { values, positionals } = (0, node_util_1.parseArgs)({
        args: rest,
        options: {
            scope: { type: 'string' }, tenant: { type: 'string' }, expires: { type: 'string' }, subject: { type: 'string' },
            stream: { type: 'string' }, until: { type: 'string' }, projection: { type: 'string' },
            category: { type: 'string' }, from: { type: 'string' }, format: { type: 'string' }, trigger: { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
    });
    if (positionals.length > (command === 'history' ? 1 : 0))
        throw new TypeError(`Unexpected argument "${positionals.at(-1)}"\n${USAGE}`);
    const config = (0, config_1.loadConfig)();
    switch (command) {
        case 'token':
            return (0, token_command_1.runToken)(config, values);
        case 'history':
            return (0, history_command_1.runHistory)(config, positionals[0], values);
        case 'replay':
            return (0, replay_command_1.runReplay)(config, values);
        case 'rebuild':
            return (0, rebuild_command_1.runRebuild)(config, values);
        case 'status':
            return (0, rebuild_command_1.runStatus)(config);
        default:
            process.stderr.write(`${USAGE}\n`);
            return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
}
main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    process.stderr.write(`${error instanceof config_1.ConfigError || error instanceof TypeError ? error.message : error?.stack ?? String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map