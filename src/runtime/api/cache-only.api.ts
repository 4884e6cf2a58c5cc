/**
 * Triggers whose `api` has nothing but api.cache (docs/api.md, "Triggers and their `api`"): post-change-password (non-blocking)
 * and send-phone-message (the action delivers the message itself, e.g. through an SMS provider's HTTP API).
 */
import type { TriggerApi } from './api-spec';

export const POST_CHANGE_PASSWORD_API: TriggerApi = [];

export const SEND_PHONE_MESSAGE_API: TriggerApi = [];
