/** Commands of the tenant name registry (tenant-actions.decider.ts). */

/** Whether each relevant action exists (read from its own stream by the handler). */
export type ActionExistence = Record<string, 'exists' | 'absent' | 'deleted'>;

export type ClaimActionName = {
  type: 'ClaimActionName';
  data: {
    tenantId: string;
    actionId: string;
    name: string;
    now: string;
    maxActions: number;
    existence: ActionExistence;
  };
};
export type ReleaseActionName = {
  type: 'ReleaseActionName';
  data: { tenantId: string; actionId: string; now: string };
};

export type TenantActionsCommand = ClaimActionName | ReleaseActionName;
