/** Every stream name the service uses, in one place (ESDB category style: `<category>-<id>`). */
export const streams = {
  action: (actionId: string) => `action-${actionId}`,
  triggerBindings: (tenantId: string, triggerId: string) => `triggerBindings-${tenantId}.${triggerId}`,
  tenantActions: (tenantId: string) => `tenantActions-${tenantId}`,
} as const;

export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}
