/**
 * "Is Paperless connected properly?": reachable, which version, and whether the admin token can
 * do what Gatehouse needs (find, create and change users, read groups). The result is stored so
 * the admin pages show the last check without calling Paperless on every page view.
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import type { RequestMeta } from '../http/request-meta-types';
import { createPaperlessClient, PaperlessError } from './client';
import { adminClient, requireConnection, type PaperlessConnection } from './connection';

/** Model permissions Gatehouse's admin token needs (or superuser). */
export const REQUIRED_ADMIN_PERMISSIONS = ['view_user', 'add_user', 'change_user', 'view_group'] as const;

export type ConnectionCheck = {
  checkedAt: string;
  reachable: boolean;
  version: string | null;
  /** The admin token's account. */
  account: string | null;
  superuser: boolean;
  missingPermissions: string[];
  /** The Remote-User listener answers as a user (token source remote_user only). */
  remoteUser: 'ok' | 'failed' | 'not-used';
  problems: string[];
  ok: boolean;
};

/** Pure: what to say when Paperless answers 401 to the admin token, with its own reason once. */
export function refusedTokenMessage(error: PaperlessError): string {
  const reason = error.detail?.trim().replace(/[.!?…]+$/, '');
  return `Paperless refused the admin token (401${reason ? `: ${reason}` : ''}): check that it was copied whole and that its account is active.`;
}

/** Pure: the verdict from what Paperless answered. */
export function judgeConnection(input: {
  reachable: boolean;
  version: string | null;
  account: string | null;
  superuser: boolean;
  permissions: string[] | null;
  remoteUser: ConnectionCheck['remoteUser'];
  problems: string[];
  now: Date;
}): ConnectionCheck {
  // No permission verdict without permissions to judge: Paperless unreachable, or the token refused
  // (401: an invalid token is that, not also an account lacking permissions; 403 is that case).
  const judged = input.reachable && !input.superuser && input.permissions !== null;
  const granted = new Set((input.permissions ?? []).map((p) => p.replace(/^[a-z_]+\./, '')));
  const missingPermissions = judged ? REQUIRED_ADMIN_PERMISSIONS.filter((p) => !granted.has(p)) : [];
  const problems = [...input.problems];
  if (missingPermissions.length)
    problems.push(
      `The admin token's account lacks these Paperless permissions: ${missingPermissions.join(', ')}. Give it superuser status or these permissions.`,
    );
  if (input.remoteUser === 'failed')
    problems.push('The Remote-User listener did not answer as a user: check PAPERLESS_ENABLE_HTTP_REMOTE_USER_API on that listener.');
  return {
    checkedAt: input.now.toISOString(),
    reachable: input.reachable,
    version: input.version,
    account: input.account,
    superuser: input.superuser,
    missingPermissions,
    remoteUser: input.remoteUser,
    problems,
    ok: input.reachable && problems.length === 0,
  };
}

export async function probeConnection(connection: PaperlessConnection, now = new Date(), fetchImpl?: typeof fetch): Promise<ConnectionCheck> {
  const client = adminClient(connection, fetchImpl);
  const base = {
    version: null as string | null,
    account: null as string | null,
    superuser: false,
    permissions: null as string[] | null,
    remoteUser: 'not-used' as ConnectionCheck['remoteUser'],
    now,
  };
  try {
    const settings = await client.uiSettings();
    base.version = settings.headers.get('x-version');
    base.account = settings.data.user.username;
    base.superuser = settings.data.user.is_superuser;
    base.permissions = settings.data.permissions;
  } catch (error) {
    if (!(error instanceof PaperlessError)) throw error;
    if (error.status === 401)
      return judgeConnection({
        ...base,
        reachable: true,
        problems: [refusedTokenMessage(error)],
      });
    if (error.status !== 403) return judgeConnection({ ...base, reachable: false, problems: [error.message] });
    // 403: the account lacks view_uisettings; its other permissions can still be probed.
    const users = await client.listUsersProbe().then(
      (r) => r.headers.get('x-version'),
      () => null,
    );
    base.version = users;
    base.permissions = users === null ? [] : ['view_user'];
    return judgeConnection({
      ...base,
      reachable: true,
      problems: ["The admin token's account lacks view_uisettings, so Gatehouse cannot read its permissions. A superuser token is simplest."],
    });
  }
  if (connection.tokenSource === 'remote_user' && connection.remoteUserUrl) {
    const listener = createPaperlessClient({ baseUrl: connection.remoteUserUrl, auth: { remoteUser: base.account ?? 'gatehouse-check' }, fetch: fetchImpl });
    base.remoteUser = await listener.profile().then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
  }
  return judgeConnection({ ...base, reachable: true, problems: [] });
}

export async function checkConnection(
  db: Db,
  input: { actor: AuditParty; meta: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch },
): Promise<ConnectionCheck> {
  const connection = await requireConnection(db, input.env);
  const result = await probeConnection(connection, new Date(), input.fetch);
  await db.$transaction(async (tx) => {
    await tx.paperlessConnection.updateMany({ where: { id: 'default' }, data: { lastCheck: JSON.stringify(result), lastCheckAt: new Date(result.checkedAt) } });
    await logEvent(tx, {
      type: 'paperless.connection_checked',
      outcome: result.ok ? 'success' : 'failure',
      actor: input.actor,
      target: { type: 'setting', id: 'paperless', name: 'Paperless connection' },
      meta: input.meta,
      data: { reachable: result.reachable, version: result.version, problems: result.problems.join(' ').slice(0, 300) || null },
    });
  });
  return result;
}

export function readStoredCheck(raw: string | null): ConnectionCheck | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ConnectionCheck;
  } catch {
    return null;
  }
}
