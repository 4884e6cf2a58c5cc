/**
 * The signed-in token, kept in sessionStorage (gone when the tab closes), and what the console shows of it. The
 * token is only decoded for display and expiry; the service verifies it on every call.
 */
export const TOKEN_KEY = 'open-actions.console.token';

export interface TokenInfo {
  subject?: string;
  tenant?: string;
  scopes: string[];
  /** Expiry in ms since the epoch, when the token says. */
  expiresAt?: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims the console shows; undefined when the text is not a JWT. */
export function describeToken(token: string): TokenInfo | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const permissions = Array.isArray(claims.permissions) ? claims.permissions.map(String) : [];
    return {
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
      tenant: typeof claims.tenant_id === 'string' ? claims.tenant_id : undefined,
      scopes: [...new Set([...scope, ...permissions])],
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}

export class Session {
  constructor(private readonly storage: Storage) {}

  get token(): string | null {
    return this.storage.getItem(TOKEN_KEY);
  }

  /** Keeps a pasted or issued token; refuses text that is not a JWT or is already expired. */
  signIn(token: string, now = Date.now()): TokenInfo {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '');
    const info = describeToken(trimmed);
    if (!info) throw new Error('That is not a JSON Web Token (three dot-separated parts).');
    if (info.expiresAt !== undefined && info.expiresAt <= now) throw new Error('That token has expired.');
    this.storage.setItem(TOKEN_KEY, trimmed);
    return info;
  }

  signOut(): void {
    this.storage.removeItem(TOKEN_KEY);
  }

  /** The current token's claims, or undefined when signed out or expired (then it is forgotten). */
  current(now = Date.now()): TokenInfo | undefined {
    const token = this.token;
    if (!token) return undefined;
    const info = describeToken(token);
    if (!info || (info.expiresAt !== undefined && info.expiresAt <= now)) {
      this.signOut();
      return undefined;
    }
    return info;
  }
}
