/**
 * Writes one audit event. Pass the transaction that makes the change being recorded, so the
 * change and its record commit (or roll back) together.
 */
import type { DbOrTx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { countAuditEvent } from '../metrics/sink';
import type { AuditEventType, AuditOutcome } from './events';

export type AuditParty = { id: string; name: string };
export type AuditData = Record<string, string | number | boolean | null>;

export type AuditInput = {
  type: AuditEventType;
  outcome?: AuditOutcome;
  actor?: AuditParty | null;
  target?:
    | (AuditParty & {
        type: 'user' | 'session' | 'group' | 'mail' | 'rule' | 'setting' | 'factor' | 'device_token' | 'application' | 'oidc_client' | 'oidc_key';
      })
    | null;
  meta?: RequestMeta;
  data?: AuditData;
};

/** Keys that suggest a secret; such entries are dropped, never written. */
const SECRET_KEY = /pass|secret|token|hash|code|key|cookie|otp|seed/i;

/** Removes anything that looks secret and caps every value, so an event can never carry one. */
export function sanitizeAuditData(data: AuditData | undefined): string | null {
  if (!data) return null;
  const clean: AuditData = {};
  for (const [key, value] of Object.entries(data)) {
    if (SECRET_KEY.test(key)) continue;
    clean[key] = typeof value === 'string' ? value.slice(0, 300) : value;
  }
  return Object.keys(clean).length ? JSON.stringify(clean) : null;
}

export async function logEvent(db: DbOrTx, input: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      type: input.type,
      outcome: input.outcome ?? 'success',
      actorId: input.actor?.id ?? null,
      actorName: input.actor?.name.slice(0, 200) ?? null,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      targetName: input.target?.name.slice(0, 200) ?? null,
      ip: input.meta?.ip ?? null,
      userAgent: input.meta?.userAgent?.slice(0, 512) ?? null,
      data: sanitizeAuditData(input.data),
    },
  });
  // Sign-ins, second factors and bans are counted here, where they are recorded (lib/metrics;
  // nothing when metrics are off). Counted once written: a transaction rolled back later still counts.
  countAuditEvent({ type: input.type, outcome: input.outcome ?? 'success', data: input.data });
}
