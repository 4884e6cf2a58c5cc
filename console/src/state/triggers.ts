/**
 * What the console knows per trigger beyond the catalogue: the export the runtime calls (docs/api.md, "Rules":
 * builds), a starting draft, and an editable sample event for the Test pane.
 */
const HANDLERS: Record<string, string> = {
  'post-login': 'onExecutePostLogin',
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
  'post-change-password': 'onExecutePostChangePassword',
  'send-phone-message': 'onExecuteSendPhoneMessage',
  'password-reset-post-challenge': 'onExecutePostChallenge',
};

export function handlerOf(triggerId: string): string | undefined {
  return HANDLERS[triggerId];
}

/** The triggers this service runs: the ones the console offers for new actions. */
export function executableTriggers(): string[] {
  return Object.keys(HANDLERS);
}

export function starterCode(triggerId: string): string {
  const handler = handlerOf(triggerId) ?? 'onExecutePostLogin';
  return [
    '/**',
    ` * Handler that will be called during the execution of a ${triggerId} flow.`,
    ' *',
    ' * @param {Event} event - Details about the context of the flow.',
    ' * @param {API} api - Methods to change the behaviour of the flow.',
    ' */',
    `exports.${handler} = async (event, api) => {`,
    '};',
    '',
  ].join('\n');
}

const user = {
  user_id: 'auth0|5f7c8ec7c33c6c004bbafe82',
  email: 'j+smith@example.com',
  email_verified: true,
  name: 'Jane Smith',
  username: 'j_smith',
  app_metadata: {},
  user_metadata: {},
  created_at: '2024-01-01T00:00:00.000Z',
};
const request = { ip: '203.0.113.10', method: 'POST', language: 'en', geoip: { countryCode: 'NZ' } };
const tenant = { id: 'default' };
const client = { client_id: 'rdiR0f2q4KjaZCNUcxx9k1cZmIVoCe1f', name: 'My Web App', metadata: {} };

const SAMPLES: Record<string, Record<string, unknown>> = {
  'post-login': {
    user,
    request,
    tenant,
    client,
    connection: { id: 'con_fpe5kj482KO1eOzQ', name: 'Username-Password-Authentication', strategy: 'auth0' },
    authentication: { methods: [{ name: 'pwd', timestamp: '2024-01-01T00:00:00.000Z' }] },
    transaction: { protocol: 'oidc-basic-profile', requested_scopes: ['openid', 'profile'] },
    stats: { logins_count: 3 },
  },
  'credentials-exchange': {
    client,
    tenant,
    request,
    transaction: { requested_scopes: ['read:reports'] },
    resource_server: { identifier: 'https://api.example.com' },
  },
  'pre-user-registration': { user, request, tenant, client, connection: { name: 'Username-Password-Authentication' } },
  'post-user-registration': { user, request, tenant, connection: { name: 'Username-Password-Authentication' } },
  'post-change-password': { user, request, tenant, connection: { name: 'Username-Password-Authentication' } },
  'send-phone-message': {
    user,
    tenant,
    request,
    message_options: { recipient: '+15555550123', text: 'Your code is 123456', action: 'enrollment' },
  },
  'password-reset-post-challenge': { user, request, tenant, client, transaction: { id: 'tx_1' } },
};

/** A sample event for the trigger, as pretty JSON the user edits before running a test. */
export function sampleEvent(triggerId: string): string {
  return JSON.stringify(SAMPLES[triggerId] ?? { user, request, tenant }, null, 2);
}

/** The edited sample parsed, or a message saying why it is not a JSON object. */
export function parseEvent(text: string): { event: Record<string, unknown> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `The event is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { error: 'The event must be a JSON object.' };
  return { event: parsed as Record<string, unknown> };
}
