/**
 * Recovery codes in the database: only their keyed hashes are stored (lib/mfa/recovery-codes.ts),
 * so the plain codes exist once, in the answer to replaceRecoveryCodes.
 */
import type { DbOrTx, Tx } from '../db';
import { RECOVERY_CODE_COUNT, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

// Joins the caller's transaction when given one, opens its own otherwise.
function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return '$transaction' in db ? db.$transaction(work) : work(db);
}

/**
 * Deletes every recovery code of the user (used or not) and stores RECOVERY_CODE_COUNT new ones.
 * Returns the plain codes, formatted for display: show them once, never store or log them.
 * `key` is the instance signing key.
 */
export async function replaceRecoveryCodes(db: DbOrTx, input: { userId: string; key: Buffer; now?: Date }): Promise<string[]> {
  const now = input.now ?? new Date();
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  await inTransaction(db, async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: input.userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((code) => ({
        userId: input.userId,
        codeHash: hashRecoveryCode(normalizeRecoveryCode(code)!, input.key),
        createdAt: now,
      })),
    });
  });
  return codes;
}

export type RecoveryCodeUse = { ok: true; remaining: number } | { ok: false; reason: 'malformed' | 'wrong' };

/**
 * Spends one recovery code of `userId`. Marking it used is a single conditional update, so of two
 * requests racing with the same code exactly one succeeds; a code of another user matches no row.
 * `remaining` is the number of unused codes left afterwards.
 */
export async function useRecoveryCode(db: DbOrTx, input: { userId: string; input: string; key: Buffer; now?: Date }): Promise<RecoveryCodeUse> {
  const normalized = normalizeRecoveryCode(input.input);
  if (!normalized) return { ok: false, reason: 'malformed' };
  const { count } = await db.recoveryCode.updateMany({
    where: { userId: input.userId, codeHash: hashRecoveryCode(normalized, input.key), usedAt: null },
    data: { usedAt: input.now ?? new Date() },
  });
  if (count !== 1) return { ok: false, reason: 'wrong' };
  const remaining = await db.recoveryCode.count({ where: { userId: input.userId, usedAt: null } });
  return { ok: true, remaining };
}

/** How many recovery codes the user has, and how many of them are still unused. */
export async function countRecoveryCodes(db: DbOrTx, userId: string): Promise<{ total: number; unused: number }> {
  // One after the other: inside an interactive transaction queries share one connection anyway.
  const total = await db.recoveryCode.count({ where: { userId } });
  const unused = await db.recoveryCode.count({ where: { userId, usedAt: null } });
  return { total, unused };
}
