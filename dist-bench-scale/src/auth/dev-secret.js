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
exports.SECRETS_KEY_FILE = exports.DEV_JWT_SECRET_FILE = void 0;
exports.readOrCreateKeyFile = readOrCreateKeyFile;
exports.devJwtSecret = devJwtSecret;
exports.secretsKey = secretsKey;
/**
 * With neither AUTH_JWT_SECRET nor AUTH_JWKS_URI, the service never runs open: it generates an HS256 secret under
 * DATA_DIR on first start (mode 0600) and uses it; `npm run token` mints development tokens with it.
 * The same file-or-generate logic serves the secrets-at-rest key.
 */
const node_crypto_1 = require("node:crypto");
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
/** Reads `file` under dataDir, creating it with `generate()` first if missing. Returns [value, created]. */
function readOrCreateKeyFile(dataDir, file, generate) {
    const full = path.join(dataDir, file);
    fs.mkdirSync(dataDir, { recursive: true });
    try {
        fs.writeFileSync(full, generate(), { flag: 'wx', mode: 0o600 });
        return [fs.readFileSync(full, 'utf8').trim(), true];
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
        return [fs.readFileSync(full, 'utf8').trim(), false];
    }
}
exports.DEV_JWT_SECRET_FILE = 'auth-dev-secret';
exports.SECRETS_KEY_FILE = 'secrets.key';
function devJwtSecret(dataDir) {
    return readOrCreateKeyFile(dataDir, exports.DEV_JWT_SECRET_FILE, () => (0, node_crypto_1.randomBytes)(48).toString('base64url'));
}
function secretsKey(dataDir) {
    const [b64] = readOrCreateKeyFile(dataDir, exports.SECRETS_KEY_FILE, () => (0, node_crypto_1.randomBytes)(32).toString('base64'));
    return Buffer.from(b64, 'base64');
}
//# sourceMappingURL=dev-secret.js.map