/**
 * Each user's one real Paperless token, obtained once and kept sealed (AES-256-GCM). Devices
 * never see it: the verify endpoint hands it to the proxy in place of an app token.
 *
 * Default path (stock Paperless): with the admin token, set a long random password nobody knows
 * on the Paperless account, then POST /api/token/ as that account (through the throttle queue).
 * This also closes Paperless's own password login and /admin/ for that account.
 * Option: a Remote-User listener (PAPERLESS_ENABLE_HTTP_REMOTE_USER_API, internal only):
 * GET /api/profile/ as the user, and generate_auth_token/ when it has none.
 */
import { randomBytes } from 'node:crypto';
import { logEvent, type AuditParty } from '../audit/log-event';
import { openSecret, sealSecret } from '../crypto';
import type { Db } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { announceAppTokenChange } from './app-token-events';
import { createPaperlessClient, PaperlessError, REAL_TOKEN_PATTERN } from './client';
import { adminClient, requireConnection, type PaperlessConnection } from './connection';
import { paperlessProblem, provisionPaperlessUser } from './provision-user';
import { realTokenContext } from './real-token-context';
import { processTokenQueue, type TokenQueue } from './token-queue';

export { realTokenContext };

type Deps = { actor: AuditParty | null; meta?: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch; queue?: TokenQueue };

/** 48 random bytes as base64url: long, not numeric, not common, unlike any username (Django's validators). */
export function unusablePassword(): string {
  return randomBytes(48).toString('base64url');
}

export function mfaStopMessage(paperlessUsername: string, paperlessUserId: number): string {
  return (
    `The Paperless account "${paperlessUsername}" has Paperless's own two-factor authentication turned on, so Gatehouse cannot obtain its token. ` +
    `Gatehouse already asks for the second factor: turn it off in Paperless (Settings → Users & Groups → ${paperlessUsername} → Disable TOTP, ` +
    `or POST /api/users/${paperlessUserId}/deactivate_totp/ as a superuser), then try again.`
  );
}

/** One request per user at a time in this process: a double click does not obtain twice. */
const inFlight = new Map<string, Promise<string>>();

/** The user's real token, obtaining (and provisioning) it first if needed. */
export async function ensureRealToken(db: Db, input: Deps & { userId: string }): Promise<string> {
  const existing = await db.paperlessAccount.findUnique({ where: { userId: input.userId }, select: { realToken: true } });
  if (existing?.realToken) return openSecret(existing.realToken, input.env.secrets.encryptionKey, realTokenContext(input.userId));
  const running = inFlight.get(input.userId);
  if (running) return running;
  const work = obtain(db, input).finally(() => inFlight.delete(input.userId));
  inFlight.set(input.userId, work);
  return work;
}

async function obtain(db: Db, input: Deps & { userId: string }): Promise<string> {
  const connection = await requireConnection(db, input.env);
  const provisioned = await provisionPaperlessUser(db, input);
  const target = { type: 'user' as const, id: input.userId, name: provisioned.paperlessUsername };
  let token: string;
  try {
    token =
      connection.tokenSource === 'remote_user'
        ? await viaRemoteUser(connection, provisioned.paperlessUsername, input.fetch)
        : await viaPassword(connection, provisioned.paperlessUserId, input);
    if (!REAL_TOKEN_PATTERN.test(token)) throw new PaperlessError('bad-response', 'Paperless answered with something that is not a Paperless token.');
  } catch (error) {
    await logEvent(db, {
      type: 'paperless.real_token_obtained',
      outcome: 'failure',
      actor: input.actor,
      target,
      meta: input.meta,
      data: { reason: (error as Error).message, source: connection.tokenSource },
    });
    throw paperlessProblem(error, `obtain ${provisioned.paperlessUsername}'s Paperless token`);
  }
  await db.$transaction(async (tx) => {
    await tx.paperlessAccount.update({
      where: { userId: input.userId },
      data: { realToken: sealSecret(token, input.env.secrets.encryptionKey, realTokenContext(input.userId)), tokenObtainedAt: new Date() },
    });
    await logEvent(tx, { type: 'paperless.real_token_obtained', actor: input.actor, target, meta: input.meta, data: { source: connection.tokenSource } });
  });
  return token;
}

async function viaPassword(connection: PaperlessConnection, paperlessUserId: number, input: Deps): Promise<string> {
  const admin = adminClient(connection, input.fetch);
  const account = await admin.getUser(paperlessUserId);
  if (account.is_mfa_enabled) throw new AppError('CONFLICT', mfaStopMessage(account.username, account.id));
  if (!account.is_active) throw new AppError('CONFLICT', `The Paperless account "${account.username}" is deactivated in Paperless.`);
  const password = unusablePassword();
  await admin.updateUser(account.id, { password });
  const anonymous = createPaperlessClient({ baseUrl: connection.internalUrl, auth: null, fetch: input.fetch });
  const queue = input.queue ?? processTokenQueue();
  try {
    return await queue.run(() => anonymous.obtainToken(account.username, password));
  } catch (error) {
    if (error instanceof PaperlessError && error.kind === 'mfa') throw new AppError('CONFLICT', mfaStopMessage(account.username, account.id));
    throw error;
  }
}

async function viaRemoteUser(connection: PaperlessConnection, username: string, fetchImpl?: typeof fetch): Promise<string> {
  if (!connection.remoteUserUrl) throw new AppError('CONFLICT', 'The Remote-User listener address is not set on the Paperless page.');
  const asUser = createPaperlessClient({ baseUrl: connection.remoteUserUrl, auth: { remoteUser: username }, fetch: fetchImpl });
  const profile = await asUser.profile();
  return profile.auth_token ?? (await asUser.generateToken());
}

/**
 * An admin replaces the user's real token (e.g. it leaked from Paperless's side). Devices keep
 * working: they never held it. The old token stops working in Paperless at once.
 */
export async function rotateRealToken(db: Db, input: Deps & { userId: string }): Promise<void> {
  const account = await db.paperlessAccount.findUnique({ where: { userId: input.userId }, select: { realToken: true, paperlessUsername: true } });
  if (!account?.realToken) throw new AppError('CONFLICT', 'This user has no Paperless token yet: one is obtained when they create their first app token.');
  const connection = await requireConnection(db, input.env);
  const current = openSecret(account.realToken, input.env.secrets.encryptionKey, realTokenContext(input.userId));
  const target = { type: 'user' as const, id: input.userId, name: account.paperlessUsername };
  let fresh: string;
  try {
    fresh = await createPaperlessClient({ baseUrl: connection.internalUrl, auth: { token: current }, fetch: input.fetch }).generateToken();
    if (!REAL_TOKEN_PATTERN.test(fresh)) throw new PaperlessError('bad-response', 'Paperless answered with something that is not a Paperless token.');
  } catch (error) {
    await logEvent(db, {
      type: 'paperless.real_token_rotated',
      outcome: 'failure',
      actor: input.actor,
      target,
      meta: input.meta,
      data: { reason: (error as Error).message },
    });
    throw paperlessProblem(error, `rotate ${account.paperlessUsername}'s Paperless token`);
  }
  await db.$transaction(async (tx) => {
    await tx.paperlessAccount.update({
      where: { userId: input.userId },
      data: { realToken: sealSecret(fresh, input.env.secrets.encryptionKey, realTokenContext(input.userId)), tokenObtainedAt: new Date() },
    });
    await logEvent(tx, { type: 'paperless.real_token_rotated', actor: input.actor, target, meta: input.meta });
    // The verify caches hold the old real token: forget this user's devices so the next request reads the new one.
    await announceAppTokenChange(tx, { userIds: [input.userId] });
  });
}
