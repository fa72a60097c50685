/**
 * What a factor-change link allows for this user in this browser, without using it: the page
 * behind the link shows this, and the button checks it again (confirm-factor-change-link).
 */
import { sha256Hex } from '../crypto';
import type { Db } from '../db';
import { isWellFormedToken } from '../links/one-time-token';
import { judgeFactorChangeLink, type FactorChangeLinkState } from './judge-factor-change-link';

export async function inspectFactorChangeLink(
  db: Db,
  input: { token: string; userId: string; browserId: string | null; now?: Date },
): Promise<FactorChangeLinkState> {
  if (!isWellFormedToken(input.token)) return { status: 'invalid' };
  const row = await db.oneTimeToken.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: { id: true, purpose: true, userId: true, expiresAt: true, usedAt: true, deviceHash: true, action: true, data: true },
  });
  return judgeFactorChangeLink(row, { userId: input.userId, browserHash: input.browserId ? sha256Hex(input.browserId) : null, now: input.now ?? new Date() });
}

export const FACTOR_CHANGE_LINK_PROBLEMS: Record<Exclude<FactorChangeLinkState['status'], 'ok'>, { title: string; message: string }> = {
  invalid: { title: 'This link is not valid', message: 'Check that you copied the whole link, or ask for a new one on the Security page.' },
  used: { title: 'This link has already been used', message: 'Each link works once. Ask for a new one on the Security page.' },
  expired: { title: 'This link has expired', message: 'For your safety these links work only for a few minutes. Ask for a new one on the Security page.' },
  'other-user': {
    title: 'This link is for another account',
    message: 'You are signed in as someone else. Sign out, then sign in as the person the email was sent to.',
  },
  'other-browser': {
    title: 'Open this link in the browser where you asked for it',
    message:
      'For your safety, a link to change your second factors works only in the browser that requested it. Open it there, or ask for a new one from this browser.',
  },
};
