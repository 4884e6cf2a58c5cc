/** What every screen needs: the API client, the session and the sign-in settings the service gave. */
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';
import type { Session, TokenInfo } from '../auth/session';
import type { OidcSettings } from '../auth/oidc';

export interface ConsoleSettings {
  apiBase: string;
  audience: string;
  oidc: OidcSettings | null;
}

export interface ConsoleContext {
  api: ApiClient;
  session: Session;
  settings: ConsoleSettings;
  user: TokenInfo | undefined;
  signedIn(token: string): void;
  signOut(): void;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside <Console.Provider>');
  return value;
}
