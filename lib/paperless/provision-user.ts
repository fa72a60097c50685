/**
 * Makes sure a Gatehouse user has a Paperless account: found by username (case-insensitive,
 * as Paperless's own username__iexact filter), else created without a usable password; the
 * mapped groups brought in line; the link remembered in PaperlessAccount. Also the reverse when
 * a user is disabled: the Paperless account is deactivated (its token stops working there).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { accountGate } from '../auth/account-gate';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { PaperlessError, type PaperlessUser } from './client';
import { adminClient, requireConnection } from './connection';
import { groupPermissionWarnings, planPaperlessGroups, sameGroups, type GroupWarning } from './plan-groups';

export type ProvisionResult = { paperlessUserId: number; paperlessUsername: string; created: boolean; groups: number[]; warnings: GroupWarning[] };

type Deps = { actor: AuditParty | null; meta?: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch };

/** A Paperless failure as an error a person can act on (nothing about tokens in it). */
export function paperlessProblem(error: unknown, doing: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof PaperlessError) return new AppError('UNAVAILABLE', `Could not ${doing}: ${error.message}`);
  throw error;
}

export async function provisionPaperlessUser(db: Db, input: Deps & { userId: string }): Promise<ProvisionResult> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, username: true, email: true, displayName: true, status: true, groups: { select: { groupId: true } } },
  });
  const gate = accountGate(user);
  if (!user || !gate.ok) throw new AppError('CONFLICT', `Only active users get a Paperless account (${gate.ok ? 'missing' : gate.message})`);
  const connection = await requireConnection(db, input.env);
  const client = adminClient(connection, input.fetch);
  const mappings = await db.paperlessGroupMapping.findMany({ select: { groupId: true, paperlessGroupId: true } });
  const mapped = new Map(mappings.map((m) => [m.groupId, m.paperlessGroupId]));
  const userGroupIds = user.groups.map((g) => g.groupId);

  let result: Omit<ProvisionResult, 'warnings'>;
  try {
    let found: PaperlessUser | null = await client.findUserByUsername(user.username);
    let created = false;
    if (!found) {
      const [first, ...rest] = user.displayName.trim().split(/\s+/);
      found = await client.createUser({
        username: user.username,
        email: user.email,
        first_name: (first ?? '').slice(0, 150),
        last_name: rest.join(' ').slice(0, 150),
        groups: planPaperlessGroups({ current: [], mapped, userGroupIds }),
      });
      created = true;
    }
    const groups = planPaperlessGroups({ current: found.groups, mapped, userGroupIds });
    if (!sameGroups(groups, found.groups) || !found.is_active) found = await client.updateUser(found.id, { groups, is_active: true });
    result = { paperlessUserId: found.id, paperlessUsername: found.username, created, groups: found.groups };
  } catch (error) {
    await logEvent(db, {
      type: 'paperless.user_provisioned',
      outcome: 'failure',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { reason: (error as Error).message },
    });
    throw paperlessProblem(error, `prepare ${user.username}'s Paperless account`);
  }

  await db.$transaction(async (tx) => {
    const existing = await tx.paperlessAccount.findUnique({ where: { userId: user.id }, select: { paperlessUserId: true } });
    // A different Paperless account than before (deleted and re-created there): the old real token is void.
    if (existing && existing.paperlessUserId !== result.paperlessUserId) {
      await tx.paperlessAccount.update({
        where: { userId: user.id },
        data: { paperlessUserId: result.paperlessUserId, paperlessUsername: result.paperlessUsername, realToken: null, tokenObtainedAt: null },
      });
    } else if (existing) {
      await tx.paperlessAccount.update({ where: { userId: user.id }, data: { paperlessUsername: result.paperlessUsername } });
    } else {
      await tx.paperlessAccount.create({ data: { userId: user.id, paperlessUserId: result.paperlessUserId, paperlessUsername: result.paperlessUsername } });
    }
    await logEvent(tx, {
      type: 'paperless.user_provisioned',
      actor: input.actor,
      target: { type: 'user', id: user.id, name: user.username },
      meta: input.meta,
      data: { paperlessUserId: result.paperlessUserId, created: result.created, groups: result.groups.join(',') },
    });
  });

  // Warnings are advice: a failure to read the groups does not undo the provisioning.
  const warnings = await client.listGroups().then(
    (groups) =>
      groupPermissionWarnings(
        groups,
        result.groups.filter((id) => [...mapped.values()].includes(id)),
      ),
    () => [],
  );
  return { ...result, warnings };
}

/**
 * Sets is_active=false on the user's Paperless account, if they have one and Paperless is
 * connected. Returns what happened so the caller can tell the admin.
 */
export async function deactivatePaperlessUser(db: Db, input: Deps & { userId: string }): Promise<'deactivated' | 'no-account' | 'not-connected'> {
  const account = await db.paperlessAccount.findUnique({ where: { userId: input.userId }, select: { paperlessUserId: true, paperlessUsername: true } });
  if (!account) return 'no-account';
  const connection = await requireConnection(db, input.env).catch(() => null);
  if (!connection) return 'not-connected';
  try {
    await adminClient(connection, input.fetch).updateUser(account.paperlessUserId, { is_active: false });
  } catch (error) {
    await logEvent(db, {
      type: 'paperless.user_deactivated',
      outcome: 'failure',
      actor: input.actor,
      target: { type: 'user', id: input.userId, name: account.paperlessUsername },
      meta: input.meta,
      data: { reason: (error as Error).message },
    });
    throw paperlessProblem(error, `deactivate ${account.paperlessUsername} in Paperless`);
  }
  await logEvent(db, {
    type: 'paperless.user_deactivated',
    actor: input.actor,
    target: { type: 'user', id: input.userId, name: account.paperlessUsername },
    meta: input.meta,
    data: { paperlessUserId: account.paperlessUserId },
  });
  return 'deactivated';
}

/**
 * The hook for "a user became active" (created by an admin; approved, once signups exist):
 * provision when Paperless is connected. Never throws: the account exists either way, and the
 * sentence returned tells the admin what happened in Paperless.
 */
export async function provisionIfConnected(db: Db, input: Deps & { userId: string }): Promise<string> {
  if (!(await requireConnection(db, input.env).catch(() => null))) return '';
  return provisionPaperlessUser(db, input).then(
    (result) =>
      `Paperless account ${result.paperlessUsername} ${result.created ? 'created' : 'linked'}.${result.warnings.length ? ` Warning: ${result.warnings.map((w) => w.message).join(' ')}` : ''}`,
    (error: AppError) => `${error.userMessage} Use "Sync to Paperless" on the user's row to try again.`,
  );
}
