/**
 * Single-use links (setup, set password, …). The link carries 256 random bits; the database
 * keeps only their SHA-256, so a database leak does not hand out working links.
 */
import { randomToken, sha256Hex } from '../crypto';
import type { DbOrTx } from '../db';

export type TokenPurpose = 'setup' | 'password_set' | 'device_link' | 'factor_grant' | 'email_sign_in';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export async function issueOneTimeToken(
  db: DbOrTx,
  input: {
    purpose: TokenPurpose;
    ttlMs: number;
    userId?: string;
    email?: string;
    createdById?: string;
    now?: Date;
    /** SHA-256 of the browser id the link is bound to (column `deviceHash`). */
    deviceHash?: string;
    action?: string;
    /** JSON details; never a plain secret (seal those first). */
    data?: string;
  },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomToken(32);
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const row = await db.oneTimeToken.create({
    data: {
      purpose: input.purpose,
      tokenHash: sha256Hex(token),
      userId: input.userId ?? null,
      email: input.email ?? null,
      createdById: input.createdById ?? null,
      createdAt: now,
      expiresAt,
      deviceHash: input.deviceHash ?? null,
      action: input.action ?? null,
      data: input.data ?? null,
    },
    select: { id: true },
  });
  return { token, id: row.id, expiresAt };
}

export type OneTimeTokenRow = { id: string; userId: string | null; email: string | null; expiresAt: Date; createdById: string | null };

export type TokenInspection = { status: 'ok'; row: OneTimeTokenRow } | { status: 'invalid' | 'used' | 'expired' };

/** Looks a link up without using it: the page behind a link renders on GET and acts on POST. */
export async function inspectOneTimeToken(db: DbOrTx, token: string, purpose: TokenPurpose, now = new Date()): Promise<TokenInspection> {
  if (!isWellFormedToken(token)) return { status: 'invalid' };
  const row = await db.oneTimeToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, purpose: true, userId: true, email: true, expiresAt: true, usedAt: true, createdById: true },
  });
  if (!row || row.purpose !== purpose) return { status: 'invalid' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
  return { status: 'ok', row: { id: row.id, userId: row.userId, email: row.email, expiresAt: row.expiresAt, createdById: row.createdById } };
}

/**
 * Marks a link used, atomically: of two requests racing with the same link exactly one gets
 * true. Call it inside the transaction that performs what the link allows.
 */
export async function consumeOneTimeToken(db: DbOrTx, id: string, now = new Date()): Promise<boolean> {
  const { count } = await db.oneTimeToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/** Explains a link that cannot be used, for the page that shows it. */
export function describeUnusableLink(status: 'invalid' | 'used' | 'expired'): { title: string; message: string } {
  switch (status) {
    case 'used':
      return { title: 'This link has already been used', message: 'Each link works once. Ask for a new one if you still need it.' };
    case 'expired':
      return { title: 'This link has expired', message: 'Links stop working after a while for your safety. Ask for a new one.' };
    default:
      return { title: 'This link is not valid', message: 'Check that you copied the whole link, or ask for a new one.' };
  }
}
