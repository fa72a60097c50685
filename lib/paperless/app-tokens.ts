/**
 * App tokens: one per phone or tablet, for Paperless's mobile apps (the page calls them device
 * tokens). A token is 40 lower-case hex characters (160 random bits, Paperless's own key shape,
 * which the apps expect), shown once, stored only as its SHA-256. Creating one needs a two-factor
 * session and a real Paperless token behind it: if obtaining that fails, no app token is created.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { logEvent, type AuditParty } from '../audit/log-event';
import { accountGate } from '../auth/account-gate';
import { sha256Hex } from '../crypto';
import type { Db, DbOrTx } from '../db';
import type { PaperlessEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { announceAppTokenChange } from './app-token-events';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES } from './app-tokens-expiry';
import { requireConnection } from './connection';
import { ensureRealToken } from './real-token';
import type { TokenQueue } from './token-queue';

export const APP_TOKEN_PATTERN = /^[0-9a-f]{40}$/;

export function generateAppToken(): string {
  return randomBytes(20).toString('hex');
}

export const CreateAppTokenInput = z.object({
  label: z
    .string()
    .trim()
    .min(1, 'Name the device, e.g. "Anna\'s iPhone — Paperparrot".')
    .max(80, 'Keep the name under 80 characters.')
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'The name cannot contain control characters.'),
  expires: z.enum(EXPIRY_CHOICES, { message: 'Choose when the token expires.' }).default(DEFAULT_EXPIRY),
  requestId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'The form is out of date: reload the page.'),
});
export type TCreateAppTokenInput = z.infer<typeof CreateAppTokenInput>;

export type CreatedAppToken = { id: string; label: string; token: string; expiresAt: Date | null; serverUrl: string };

type Caller = { user: { id: string; username: string; status: string }; sessionLevel: string };

export async function createAppToken(
  db: Db,
  input: Caller & { values: TCreateAppTokenInput; meta: RequestMeta; env: PaperlessEnv & SecretsEnv; fetch?: typeof fetch; queue?: TokenQueue; now?: Date },
): Promise<CreatedAppToken> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  const target = (id: string, name: string) => ({ type: 'device_token' as const, id, name });
  if (!accountGate(input.user).ok) throw new AppError('FORBIDDEN', 'This account cannot create tokens.');
  if (input.sessionLevel !== 'two_factor') throw new AppError('FORBIDDEN', 'Sign in with your second factor to create a device token.');
  const connection = await requireConnection(db, input.env);
  const already = await db.appToken.findUnique({
    where: { userId_requestId: { userId: input.user.id, requestId: input.values.requestId } },
    select: { id: true },
  });
  if (already) throw duplicateSubmission();

  try {
    await ensureRealToken(db, { userId: input.user.id, actor, meta: input.meta, env: input.env, fetch: input.fetch, queue: input.queue });
  } catch (error) {
    await logEvent(db, {
      type: 'device_token.created',
      outcome: 'failure',
      actor,
      target: target(input.values.requestId, input.values.label),
      meta: input.meta,
      data: { reason: (error as Error).message },
    });
    throw error;
  }

  const now = input.now ?? new Date();
  const expiresAt = input.values.expires === 'never' ? null : new Date(now.getTime() + Number(input.values.expires) * 86_400_000);
  const token = generateAppToken();
  try {
    const row = await db.$transaction(async (tx) => {
      // Re-read under the user's row lock: a disable committed meanwhile refuses; one that comes after waits and revokes this token too.
      const { count } = await tx.user.updateMany({ where: { id: input.user.id, status: 'active' }, data: { status: 'active' } });
      if (count !== 1) throw new AppError('FORBIDDEN', 'This account cannot create tokens.');
      const created = await tx.appToken.create({
        data: { userId: input.user.id, label: input.values.label, tokenHash: sha256Hex(token), requestId: input.values.requestId, expiresAt, createdAt: now },
        select: { id: true },
      });
      await logEvent(tx, {
        type: 'device_token.created',
        actor,
        target: target(created.id, input.values.label),
        meta: input.meta,
        data: { expires: input.values.expires },
      });
      return created;
    });
    return { id: row.id, label: input.values.label, token, expiresAt, serverUrl: connection.publicUrl };
  } catch (error) {
    // The same form sent twice at once: the unique (user, request) index lets one through.
    if ((error as { code?: string }).code === 'P2002') throw duplicateSubmission();
    throw error;
  }
}

function duplicateSubmission(): AppError {
  return new AppError(
    'CONFLICT',
    'This form was already sent and its token created: it was shown once. If you did not copy it, revoke it below and create another.',
  );
}

export type AppTokenSummary = {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  state: 'active' | 'expired' | 'revoked';
  user: { id: string; username: string; displayName: string };
};

const SUMMARY_SELECT = {
  id: true,
  label: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, username: true, displayName: true } },
} as const;

export function tokenState(row: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): AppTokenSummary['state'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A user's tokens (or, for an admin, everyone's), newest first. Revoked ones stay listed for 30 days. */
export async function listAppTokens(db: Db, input: { userId?: string; now?: Date }): Promise<AppTokenSummary[]> {
  const now = input.now ?? new Date();
  const rows = await db.appToken.findMany({
    where: { ...(input.userId ? { userId: input.userId } : {}), OR: [{ revokedAt: null }, { revokedAt: { gt: new Date(now.getTime() - 30 * 86_400_000) } }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: SUMMARY_SELECT,
  });
  return rows.map((row) => ({ ...row, state: tokenState(row, now) }));
}

/** The owner revokes their token, or an admin anyone's. Instant here, within a second on the other instances. */
export async function revokeAppToken(db: Db, input: { tokenId: string; actor: AuditParty; asAdmin: boolean; meta: RequestMeta }): Promise<{ label: string }> {
  const result = await db.$transaction(async (tx) => {
    const row = await tx.appToken.findFirst({
      where: { id: input.tokenId, ...(input.asAdmin ? {} : { userId: input.actor.id }) },
      select: { id: true, label: true, revokedAt: true, tokenHash: true, user: { select: { id: true, username: true } } },
    });
    if (!row) throw new AppError('NOT_FOUND', 'That token does not exist or is not yours.');
    // Conditional: of two revocations at once, one revokes and the other is told it already was.
    const { count } = await tx.appToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: new Date(), revokedById: input.actor.id } });
    if (row.revokedAt || count !== 1) throw new AppError('CONFLICT', `"${row.label}" is already revoked.`);
    await logEvent(tx, {
      type: 'device_token.revoked',
      actor: input.actor,
      target: { type: 'device_token', id: row.id, name: row.label },
      meta: input.meta,
      data: { owner: row.user.username, byAdmin: input.asAdmin && row.user.id !== input.actor.id },
    });
    await announceAppTokenChange(tx, { tokenHashes: [row.tokenHash] });
    return row;
  });
  return { label: result.label };
}

/** Every live token of a user, inside the caller's transaction (disabling an account). Returns the hashes to forget. */
export async function revokeAllAppTokens(tx: DbOrTx, input: { userId: string; revokedById: string | null }): Promise<string[]> {
  const live = await tx.appToken.findMany({ where: { userId: input.userId, revokedAt: null }, select: { id: true, tokenHash: true } });
  if (live.length)
    await tx.appToken.updateMany({ where: { id: { in: live.map((t) => t.id) } }, data: { revokedAt: new Date(), revokedById: input.revokedById } });
  return live.map((t) => t.tokenHash);
}

/** What the apps' QR scanners read: the server address and the token. */
export function appTokenQrPayload(serverUrl: string, token: string): string {
  return JSON.stringify({ url: serverUrl, token });
}
