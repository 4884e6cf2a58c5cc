"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The baseline of bench/http.bench.ts: a bare node:http server, started as its own process exactly like the service
 * (node --no-node-snapshot <compiled file>, PORT and HOST from the environment). For any request it reads the body,
 * parses it when it is JSON, and answers 200 with a JSON body shaped and sized like an execution record of one
 * action, so the difference to the service is everything the service does beyond HTTP and JSON.
 */
const node_crypto_1 = require("node:crypto");
const http = __importStar(require("node:http"));
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
function recordFor(event) {
    const now = new Date().toISOString();
    const role = event?.user?.app_metadata?.role ?? null;
    return {
        id: (0, node_crypto_1.randomUUID)().replace(/-/g, ''),
        trigger_id: 'post-login',
        status: 'final',
        results: [{
                action_name: 'bench-0', binding_id: 'bench-binding-000000000000', version_id: 'bench-version-000000000000', started_at: now, ended_at: now,
                response: { stats: { action_duration_ms: 0.25, boot_duration_ms: 0.01 } },
            }],
        commands: [
            { action_name: 'bench-0', name: 'idToken.setCustomClaim', args: ['role', role] },
            { action_name: 'bench-0', name: 'accessToken.setCustomClaim', args: ['n', 0] },
        ],
        logs: [],
        created_at: now,
        updated_at: now,
    };
}
const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        let body;
        try {
            body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
        }
        catch {
            res.writeHead(400, { 'content-type': 'application/json' }).end('{"statusCode":400}');
            return;
        }
        const json = JSON.stringify(recordFor(body?.event));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
        res.end(json);
    });
});
server.keepAliveTimeout = 72_000;
server.listen(port, host, () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ msg: 'bare server listening', port: address.port })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
//# sourceMappingURL=http-bare-server.js.map