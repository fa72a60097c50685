/**
 * Which outbox messages someone is still waiting for: without SMTP every message stays in the
 * outbox folder for good, so the count of files says nothing. A message waits while the link it
 * carries (password, sign-in, factor-change) is unused and unexpired; once the link is used or has
 * expired nobody waits for it any more, and notices without a link never wait.
 *
 * Bounded work: no live link, no file read; otherwise only the files written since the oldest live
 * link was issued (file names carry the time), at most MAX_FILES of them.
 */
import { readdirSync } from 'node:fs';
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import { readOutboxMessage } from '../mail/outbox';
import { OUTBOX_FILE_PATTERN } from '../mail/transport';

/** Purposes of links that are mailed (a setup link is printed on the console instead). */
const MAILED_PURPOSES = ['password_set', 'device_link', 'factor_grant', 'email_sign_in'];
const MAX_FILES = 200;
/** A link's token: 43 URL-safe base64 characters ending a path segment. */
const LINK_TOKEN = /\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

/** The time an outbox file was written, from its name (`20250601T120000000Z-0123abcd.eml`). */
export function outboxFileTime(name: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-/.exec(name);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!)) : null;
}

/** The tokens of the links in a message's text. */
export function linkTokens(text: string): string[] {
  return [...new Set([...text.matchAll(LINK_TOKEN)].map((m) => m[1]!))];
}

function outboxFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => OUTBOX_FILE_PATTERN.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** How many outbox messages carry a link that is still unused and valid. */
export async function countWaitingOutboxMail(db: Db, outboxDir: string, now = new Date()): Promise<number> {
  const live = { purpose: { in: MAILED_PURPOSES }, usedAt: null, expiresAt: { gt: now } };
  const oldest = await db.oneTimeToken.findFirst({ where: live, orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
  if (!oldest) return 0;
  // The mail is written just after its link is issued: a second of slack for clocks and rounding.
  const since = oldest.createdAt.getTime() - 1_000;
  const recent = outboxFiles(outboxDir)
    .filter((name) => (outboxFileTime(name)?.getTime() ?? 0) >= since)
    .sort()
    .reverse()
    .slice(0, MAX_FILES);
  const messages = await Promise.all(
    recent.map(async (name) => {
      const message = await readOutboxMessage(outboxDir, name).catch(() => null);
      return linkTokens(`${message?.text ?? ''}\n${message?.html ?? ''}`).map(sha256Hex);
    }),
  );
  const hashes = [...new Set(messages.flat())];
  if (hashes.length === 0) return 0;
  const rows = await db.oneTimeToken.findMany({ where: { ...live, tokenHash: { in: hashes } }, select: { tokenHash: true } });
  const waiting = new Set(rows.map((r) => r.tokenHash));
  return messages.filter((tokens) => tokens.some((hash) => waiting.has(hash))).length;
}
