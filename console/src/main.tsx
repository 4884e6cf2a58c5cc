/** Starts the console: reads how to sign in from the service, then renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { ConsoleSettings } from './components/context';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let settings: ConsoleSettings;
  try {
    const response = await fetch('/console/config.json', { headers: { accept: 'application/json' } });
    settings = (await response.json()) as ConsoleSettings;
  } catch {
    settings = { apiBase: '/api/v2', audience: '', oidc: null };
  }
  root.render(
    <StrictMode>
      <App settings={settings} />
    </StrictMode>,
  );
}

void start();
