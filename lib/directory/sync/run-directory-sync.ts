/**
 * One directory sync: every local account that signs in with the directory (authSource
 * "directory", active or pending) is read from the directory and
 *   - disabled when its entry is gone, disabled or locked there, or (active accounts) in none of
 *     the allowed groups any more (disable-directory-account.ts: sessions, app tokens and OpenID
 *     Connect grants end in the same transaction as the status change and its audit event);
 *   - otherwise brought up to date: profile and directory-sourced groups, the same way a sign-in
 *     does (core's applyDirectoryUser); groups an admin set by hand are kept.
 *
 * Fail safe: every entry is read first and nothing is changed until all reads are done. When the
 * directory does not answer, nobody is disabled or changed (the run is reported "unreachable");
 * an account whose entry cannot be read for another reason is skipped and reported. A run in
 * which every one of at least three accounts looks gone is stopped as well ("refused"): a wrong
 * base DN or filter looks exactly like that, and disabling everyone is not how to find out.
 *
 * One run at a time across instances (sync-lease.ts). The result is stored (sync-report.ts) and
 * audited ("directory.synced") in one transaction.
 */
import { type AuditParty, logEvent } from '../../audit/log-event';
import type { Env } from '../../config';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { disableDirectoryAccount } from './disable-directory-account';
import type { DirectoryUser } from '../map-directory-entry';
import { type DirectoryPort, directoryPort, type SyncAccount } from './directory-port';
import { SYNC_ACTOR, SYNC_META } from './sync-actor';
import { releaseSyncLease, takeSyncLease } from './sync-lease';
import { type DisableReason, type SyncChange, type SyncReport, writeLastSync } from './sync-report';

export type SyncOutcome = { status: 'done'; report: SyncReport } | { status: 'busy' } | { status: 'off' };

/** Fewest accounts for which "every one is gone" is taken as a misconfiguration rather than news. */
const ALL_GONE_GUARD = 3;

type Decision = { account: SyncAccount } & (
  | { kind: 'disable'; reason: DisableReason }
  | { kind: 'update'; entry: DirectoryUser }
  | { kind: 'skip'; message: string }
);

async function decide(port: DirectoryPort, account: SyncAccount): Promise<Decision | 'unreachable'> {
  const read = await port.read(account).then(
    (entry) => ({ ok: true as const, entry }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (!read.ok) return port.isOutage(read.error) ? 'unreachable' : { account, kind: 'skip', message: port.describe(read.error) };
  const entry = read.entry;
  if (!entry) return { account, kind: 'disable', reason: 'gone' };
  if (entry.disabled) return { account, kind: 'disable', reason: 'disabled' };
  if (account.status === 'active' && !port.allowed(entry)) return { account, kind: 'disable', reason: 'not-allowed' };
  return { account, kind: 'update', entry };
}

export async function runDirectorySync(
  db: Db,
  input: {
    trigger: 'schedule' | 'manual';
    env: Env;
    by?: AuditParty;
    meta?: RequestMeta;
    port?: DirectoryPort;
    now?: () => Date;
    fetch?: typeof fetch;
  },
): Promise<SyncOutcome> {
  const directory = input.env.directory;
  if (!directory) return { status: 'off' };
  const clock = input.now ?? (() => new Date());
  const lease = await takeSyncLease(db, clock());
  if (!lease) return { status: 'busy' };
  const started = clock();
  try {
    const port = input.port ?? directoryPort(directory);
    const accounts = await port.accounts(db);
    const changes: SyncChange[] = [];
    const errors: string[] = [];
    const decisions: Decision[] = [];
    let outcome: SyncReport['outcome'] = 'ok';
    for (const account of accounts) {
      const decision = await decide(port, account);
      if (decision === 'unreachable') {
        outcome = 'unreachable';
        errors.push(`The directory did not answer (reading ${account.username}): nobody was changed. The next run tries again.`);
        break;
      }
      decisions.push(decision);
    }
    const gone = decisions.filter((d) => d.kind === 'disable' && d.reason === 'gone').length;
    if (outcome === 'ok' && accounts.length >= ALL_GONE_GUARD && gone === accounts.length) {
      outcome = 'refused';
      errors.push(`Every one of the ${accounts.length} directory accounts looks gone from the directory: check the user base and filter. Nobody was disabled.`);
    }
    const counts = { checked: outcome === 'ok' ? decisions.length : 0, unchanged: 0, updated: 0, disabled: 0, skipped: 0 };
    if (outcome === 'ok') {
      for (const decision of decisions) {
        const { account } = decision;
        if (decision.kind === 'skip') {
          counts.skipped++;
          errors.push(`${account.username}: ${decision.message}`);
          changes.push({
            username: account.username,
            userId: account.id,
            change: 'skipped',
            message: decision.message,
            groupsAdded: [],
            groupsRemoved: [],
            profile: [],
          });
          continue;
        }
        if (decision.kind === 'disable') {
          const disabled = await disableDirectoryAccount(db, { userId: account.id, reason: decision.reason, env: input.env, now: clock(), fetch: input.fetch });
          if (disabled.done) {
            counts.disabled++;
            changes.push({
              username: account.username,
              userId: account.id,
              change: 'disabled',
              reason: decision.reason,
              groupsAdded: [],
              groupsRemoved: [],
              profile: [],
            });
          } else {
            counts.skipped++;
            errors.push(`${account.username}: ${disabled.message}`);
            changes.push({
              username: account.username,
              userId: account.id,
              change: 'skipped',
              reason: decision.reason,
              message: disabled.message,
              groupsAdded: [],
              groupsRemoved: [],
              profile: [],
            });
          }
          continue;
        }
        const applied = await port.apply(db, account, decision.entry).catch((error: unknown) => ({ error: port.describe(error) }));
        if ('error' in applied) {
          counts.skipped++;
          errors.push(`${account.username}: ${applied.error}`);
          changes.push({
            username: account.username,
            userId: account.id,
            change: 'skipped',
            message: applied.error,
            groupsAdded: [],
            groupsRemoved: [],
            profile: [],
          });
        } else if (applied.groupsAdded.length || applied.groupsRemoved.length || applied.profile.length) {
          counts.updated++;
          changes.push({ username: account.username, userId: account.id, change: 'updated', ...applied });
        } else {
          counts.unchanged++;
        }
      }
      if (counts.skipped) outcome = 'partial';
    }
    const finished = clock();
    const report: SyncReport = {
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      trigger: input.trigger,
      by: input.by?.name ?? null,
      outcome,
      counts,
      changes,
      changesLeftOut: 0,
      errors,
    };
    await db.$transaction(async (tx) => {
      await writeLastSync(tx, report);
      await logEvent(tx, {
        type: 'directory.synced',
        outcome: outcome === 'ok' ? 'success' : 'failure',
        actor: input.by ?? SYNC_ACTOR,
        target: { type: 'setting', id: 'directory', name: 'Directory' },
        meta: input.meta ?? SYNC_META,
        data: { trigger: input.trigger, outcome, ...counts },
      });
    });
    return { status: 'done', report };
  } finally {
    await releaseSyncLease(db, lease, clock());
  }
}
