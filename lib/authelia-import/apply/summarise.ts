/** Counting what an import did, for its result and its audit event (counts and usernames, never a secret). */
import type { AuditData } from '../../audit/log-event';
import { IMPORT_CATEGORIES, type ImportCategory } from '../types';
import type { ApplyOutcome, ApplyResult } from './apply-input';

const WRITES: ApplyOutcome[] = ['created', 'updated'];

export function countsOf(items: ApplyResult['items']): ApplyResult['counts'] {
  const counts = {} as ApplyResult['counts'];
  for (const category of IMPORT_CATEGORIES) {
    const tally: Partial<Record<ApplyOutcome, number>> = {};
    for (const item of items[category]) tally[item.outcome] = (tally[item.outcome] ?? 0) + 1;
    counts[category] = tally;
  }
  return counts;
}

export const wroteSomething = (items: ApplyResult['items']): boolean => IMPORT_CATEGORIES.some((c) => items[c].some((i) => WRITES.includes(i.outcome)));

/**
 * The audit data: per category "created 3, updated 1, …" under names the audit log's secret filter
 * (lib/audit/log-event.ts drops keys that look like pass/otp/key…) lets through, and the usernames
 * created or merged.
 */
const AUDIT_NAMES: Record<ImportCategory, string> = {
  users: 'accounts',
  groups: 'groups',
  passwords: 'signInDigests',
  totp: 'authenticatorApps',
  webauthn: 'webauthnDevices',
  rules: 'rules',
  settings: 'settings',
  oidcClients: 'oidcClients',
};

export function auditDataOf(items: ApplyResult['items']): AuditData {
  const counts = countsOf(items);
  const data: AuditData = {};
  for (const category of IMPORT_CATEGORIES) {
    const parts = Object.entries(counts[category]).map(([outcome, n]) => `${outcome} ${n}`);
    if (parts.length) data[AUDIT_NAMES[category]] = parts.join(', ');
  }
  const names = items.users.filter((i) => WRITES.includes(i.outcome)).map((i) => i.key);
  if (names.length) data.usernames = names.join(' ');
  return data;
}
