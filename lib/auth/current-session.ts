import 'server-only';
/**
 * The data access layer for "who is signed in": memoised per request with React's cache, and
 * called by every page and action that needs a user. Layouts are not relied on for checks
 * (they do not re-run on client navigation).
 */
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '../db';
import { getEnv } from '../env';
import { validateSession, type SessionCheck, type SessionUser, type ValidSession } from '../sessions/validate-session';
import { readSessionCookie } from './session-cookie';

import { PATHNAME_HEADER } from './current-session-header';
export { PATHNAME_HEADER };

export const getCurrentSession = cache(async (): Promise<SessionCheck> => {
  const token = await readSessionCookie();
  return validateSession(token, { db: getDb(), idleTimeoutMs: getEnv().session.idleTimeoutMs });
});

export type SignedIn = { session: ValidSession; user: SessionUser };

/** The signed-in user, or a redirect to the sign-in page that returns here afterwards. */
export async function requireUser(): Promise<SignedIn> {
  const check = await getCurrentSession();
  if (check.status === 'ok') return { session: check.session, user: check.user };
  const here = (await headers()).get(PATHNAME_HEADER) ?? '/';
  redirect(here === '/' ? '/sign-in' : `/sign-in?rd=${encodeURIComponent(here)}`);
}

/** The signed-in admin; anyone else gets a plain 404, so admin pages do not advertise themselves. */
export async function requireAdmin(): Promise<SignedIn> {
  const signedIn = await requireUser();
  if (!signedIn.user.isAdmin) notFound();
  return signedIn;
}
