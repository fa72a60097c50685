/**
 * Which audit events are counted, and the label values they may carry: only values from these
 * lists (anything else is "other"), so a label can never hold a username, an address or a
 * provider's free-form name, and the number of series stays fixed.
 */
import type { AuditFacts } from './sink';

export const SIGN_IN_METHODS: ReadonlySet<string> = new Set(['password', 'passkey', 'password_link', 'setup', 'email_link']);
export const SECOND_FACTOR_METHODS: ReadonlySet<string> = new Set(['totp', 'webauthn', 'recovery_code']);
export const BAN_SUBJECTS: ReadonlySet<string> = new Set(['user', 'login', 'address']);

export const OTHER = 'other';

export function boundedLabel(value: unknown, allowed: ReadonlySet<string>): string {
  return typeof value === 'string' && allowed.has(value) ? value : OTHER;
}

export type CountedEvent =
  | { metric: 'sign_in'; labels: { method: string; outcome: string } }
  | { metric: 'second_factor'; labels: { method: string; outcome: string } }
  | { metric: 'ban'; labels: { subject: string } }
  | { metric: 'ban_lifted'; labels: Record<string, never> };

/** The counter and labels for one audit event, or null when it is not counted. */
export function countedEvent(event: AuditFacts): CountedEvent | null {
  const data = event.data ?? {};
  switch (event.type) {
    case 'auth.sign_in':
      return { metric: 'sign_in', labels: { method: boundedLabel(data.method, SIGN_IN_METHODS), outcome: event.outcome } };
    case 'auth.second_factor':
      return { metric: 'second_factor', labels: { method: boundedLabel(data.method, SECOND_FACTOR_METHODS), outcome: event.outcome } };
    case 'regulation.banned':
      return { metric: 'ban', labels: { subject: boundedLabel(data.subject, BAN_SUBJECTS) } };
    case 'regulation.lifted':
      return { metric: 'ban_lifted', labels: {} };
    default:
      return null;
  }
}
