/**
 * What the waiting browser may know of its factor-change request: its state, and nothing at all
 * (`none`) for another user, another browser or an unknown id. Polled every few seconds by the
 * waiting page, so a look-up by its owner costs one indexed read; an address that is banned is
 * refused unread, and an answer of `none` counts as a failed credential against the address (a
 * guessed or stolen request id), as any other credential check does (lib/regulation).
 */
import { sha256Hex } from '../crypto';
import type { Db, DbOrTx } from '../db';
import type { RegulationEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { banMessage, checkRegulation, recordCredentialFailure } from '../regulation/credentials';
import { type FactorChangeRequestRow, judgeRequestForBrowser, type RequestStatus } from './judge-factor-change-request';

export async function readFactorChangeRequestRow(db: DbOrTx, requestId: string): Promise<(FactorChangeRequestRow & LinkDetails) | null> {
  const row = await db.factorChangeRequest.findUnique({
    where: { id: requestId },
    select: { id: true, userId: true, browserHash: true, action: true, status: true, expiresAt: true, link: { select: { usedAt: true, data: true } } },
  });
  if (!row) return null;
  const { link, ...rest } = row;
  return { ...rest, linkUsedAt: link.usedAt, ...detailsOf(link.data) };
}

type LinkDetails = { factorId: string | null; returnTo: string | null };

/** The link's details (which factor, where to go afterwards); anything unreadable is dropped. */
function detailsOf(data: string | null): LinkDetails {
  try {
    const parsed = data ? (JSON.parse(data) as Record<string, unknown>) : null;
    return {
      factorId: typeof parsed?.factorId === 'string' ? parsed.factorId : null,
      returnTo: typeof parsed?.returnTo === 'string' ? parsed.returnTo : null,
    };
  } catch {
    return { factorId: null, returnTo: null };
  }
}

export async function checkFactorChangeRequest(
  db: Db,
  input: { requestId: string; userId: string; browserId: string | null; meta: RequestMeta; env: RegulationEnv; now?: Date },
): Promise<{ status: RequestStatus; action: string | null }> {
  const now = input.now ?? new Date();
  const ban = await checkRegulation(db, { ip: input.meta.ip, now });
  if (ban.locked) throw new AppError('RATE_LIMITED', banMessage(ban.until, now));
  const row = input.requestId.length <= 64 ? await readFactorChangeRequestRow(db, input.requestId) : null;
  const status = judgeRequestForBrowser(row, { userId: input.userId, browserHash: input.browserId ? sha256Hex(input.browserId) : null, now });
  if (status === 'none') {
    await recordCredentialFailure(db, { ip: input.meta.ip, policy: input.env.regulation, now, meta: input.meta, check: 'factor-change request' });
    return { status, action: null };
  }
  return { status, action: row!.action };
}

/** The same answer for the waiting page's first render, without counting anything. */
export async function viewFactorChangeRequest(
  db: Db,
  input: { requestId: string; userId: string; browserId: string | null; now?: Date },
): Promise<{ status: RequestStatus; action: string | null; expiresAt: Date | null }> {
  const row = input.requestId.length <= 64 ? await readFactorChangeRequestRow(db, input.requestId) : null;
  const status = judgeRequestForBrowser(row, {
    userId: input.userId,
    browserHash: input.browserId ? sha256Hex(input.browserId) : null,
    now: input.now ?? new Date(),
  });
  return status === 'none' || !row ? { status: 'none', action: null, expiresAt: null } : { status, action: row.action, expiresAt: row.expiresAt };
}
