/**
 * The one way stored settings change: the new values are merged with the stored ones, the whole
 * configuration is validated as lib/config validates the environment (a value that would make it
 * invalid is refused with parseEnv's message, and nothing is written), the rows and the audit
 * event are written in one transaction, and then the running configuration is swapped.
 *
 * Saves are serialised: inside the process by a queue (so the configuration applied last is the
 * one committed last), between PostgreSQL instances by an advisory lock (SQLite transactions are
 * already exclusive). Two concurrent saves therefore leave one of them whole, never a mix.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { AuditEventType } from '../audit/events';
import { type Env, previewStoredVariables, getEnv, STORABLE_VARIABLES, storableSources, type StorableVariable, type StoredVariables } from '../config';
import { sealSecret } from '../crypto';
import { type Db, dialectOf } from '../db';
import { AppError } from '../errors';
import { announce } from '../events/announce';
import type { RequestMeta } from '../http/request-meta-types';
import { applyStoredSettings } from './apply-stored-settings';
import { configKey, isSealedVariable, sealedContext } from './keys';
import { readStoredVariables } from './read-stored-variables';

/** A change per variable: a value to store, null to remove the stored one, absent to keep it. */
export type VariableChanges = Partial<Record<StorableVariable, string | null>>;

export type SaveInput = {
  changes: VariableChanges;
  /** Other Setting rows written in the same transaction (the mail choice, "confirmed"). */
  markers?: Record<string, string>;
  audit: { type: AuditEventType; actor: AuditParty; meta?: RequestMeta };
};

const QUEUE = Symbol.for('gatehouse.settings.saveQueue');
type Holder = { [QUEUE]?: Promise<unknown> };

function serialised<T>(work: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const run = (holder[QUEUE] ?? Promise.resolve()).then(work, work);
  holder[QUEUE] = run.catch(() => undefined);
  return run;
}

/** The variable a problem is about: the earliest storable name it mentions. */
function fieldOf(problem: string, among: readonly string[]): string | undefined {
  let best: { name: string; at: number } | undefined;
  for (const name of among) {
    const at = problem.indexOf(name);
    if (at >= 0 && (!best || at < best.at)) best = { name, at };
  }
  return best?.name;
}

function refuseFixed(changes: VariableChanges): void {
  const sources = storableSources();
  for (const name of Object.keys(changes) as StorableVariable[]) {
    const source = sources[name];
    if (source === 'environment' || source === 'file') {
      throw new AppError('CONFLICT', `${name} is set in the ${source === 'file' ? 'env file' : 'environment'}, which wins: change it there.`, name);
    }
  }
}

/** The stored layer after the changes, and the names whose value actually changes. */
export function withChanges(current: StoredVariables, changes: VariableChanges): { next: StoredVariables; changedNames: StorableVariable[] } {
  const next: StoredVariables = { ...current };
  const changedNames: StorableVariable[] = [];
  for (const name of STORABLE_VARIABLES) {
    if (!(name in changes)) continue;
    const value = changes[name];
    const before = next[name];
    if (value === null || value === undefined || value.trim() === '') delete next[name];
    else next[name] = value;
    if (next[name] !== before) changedNames.push(name);
  }
  return { next, changedNames };
}

/** The configuration these changes would give (not applied), or parseEnv's problems with the field they concern. */
export async function previewChanges(db: Db, changes: VariableChanges): Promise<{ ok: true; env: Env } | { ok: false; message: string; field?: string }> {
  const current = await readStoredVariables(db, getEnv().secrets);
  const candidate = previewStoredVariables(withChanges(current.variables, changes).next);
  if (candidate.ok) return candidate;
  return { ok: false, message: candidate.problems.join(' '), field: fieldOf(candidate.problems[0] ?? '', Object.keys(changes)) };
}

export async function saveStoredVariables(db: Db, input: SaveInput): Promise<{ changed: StorableVariable[] }> {
  refuseFixed(input.changes);
  return serialised(async () => {
    const env = getEnv();
    const changed = await db.$transaction(async (tx) => {
      if (dialectOf(db) === 'postgresql')
        await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l', 'gatehouse.settings');
      const current = await readStoredVariables(tx, env.secrets);
      const { next, changedNames } = withChanges(current.variables, input.changes);
      const candidate = previewStoredVariables(next);
      if (!candidate.ok) throw new AppError('INVALID', candidate.problems.join(' '), fieldOf(candidate.problems[0] ?? '', Object.keys(input.changes)));
      for (const name of changedNames) {
        const value = next[name];
        if (value === undefined) {
          await tx.setting.deleteMany({ where: { key: configKey(name) } });
          continue;
        }
        const stored = isSealedVariable(name) ? sealSecret(value, env.secrets.encryptionKey, sealedContext(name)) : value;
        await tx.setting.upsert({ where: { key: configKey(name) }, create: { key: configKey(name), value: stored }, update: { value: stored } });
      }
      for (const [key, value] of Object.entries(input.markers ?? {})) {
        await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
      }
      await logEvent(tx, {
        type: input.audit.type,
        actor: input.audit.actor,
        target: { type: 'setting', id: 'config', name: 'Portal settings' },
        meta: input.audit.meta,
        // Names only: a value may be a password.
        data: { changed: changedNames.join(',') || 'nothing' },
      });
      // The other instances apply the stored settings again once this commits; this one does below.
      await announce(tx, 'settings-changed', {}, { here: false });
      return changedNames;
    });
    const applied = await applyStoredSettings(db);
    if (!applied.ok) console.error('[gatehouse] stored settings saved but not applied:', applied.problems.join(' '));
    return { changed };
  });
}
