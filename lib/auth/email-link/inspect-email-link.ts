/** What the page behind an emailed sign-in link shows before its button is pressed (request-email-link.ts). */
import type { Db } from '../../db';
import { inspectOneTimeToken } from '../../links/one-time-token';

export type EmailLinkState = { status: 'ok'; email: string } | { status: 'invalid' | 'used' | 'expired' };

export async function inspectEmailLink(db: Db, token: string, now = new Date()): Promise<EmailLinkState> {
  const found = await inspectOneTimeToken(db, token, 'email_sign_in', now);
  if (found.status !== 'ok') return { status: found.status };
  return found.row.email ? { status: 'ok', email: found.row.email } : { status: 'invalid' };
}
