/**
 * Triggers whose `api` has nothing but api.cache (management-api.md §4.1): post-change-password (non-blocking)
 * and send-phone-message (the action delivers the message itself, e.g. through an SMS provider's HTTP API).
 */
import type { TriggerApi } from './api-spec';

export const POST_CHANGE_PASSWORD_API: TriggerApi = [];

export const SEND_PHONE_MESSAGE_API: TriggerApi = [];
