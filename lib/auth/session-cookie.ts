import 'server-only';
import { cookies, headers } from 'next/headers';
import { getEnv } from '../config';
import { singleSessionCookie, splitCookieHeader } from '../verify/cookie-header';

/**
 * The session cookie: HttpOnly, SameSite=Lax, Secure unless the portal runs on http://localhost,
 * and scoped to the cookie domain so the verify endpoint sees it on every subdomain.
 */
export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const { cookie } = getEnv();
  (await cookies()).set({
    name: cookie.name,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    domain: cookie.domain,
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  const { cookie } = getEnv();
  (await cookies()).set({
    name: cookie.name,
    value: '',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    domain: cookie.domain,
    maxAge: 0,
  });
}

export type SessionCookieState = { status: 'none' } | { status: 'one'; token: string } | { status: 'duplicate' };

/**
 * What the browser sent under the session cookie's name, read from the raw Cookie header (Next's
 * `cookies().get` returns only the first of several). Two or more — a cookie tossed from a
 * sibling subdomain, or a stale host-only cookie beside the domain one — are no session, as on
 * the verify endpoint (lib/verify/session-source.ts): the same parser decides both.
 */
export async function sessionCookieState(): Promise<SessionCookieState> {
  const split = splitCookieHeader((await headers()).get('cookie'), getEnv().cookie.name);
  if (split.sessions.length > 1) return { status: 'duplicate' };
  const token = singleSessionCookie(split);
  return token === undefined ? { status: 'none' } : { status: 'one', token };
}

/** The session token, or undefined when none or several were sent. */
export async function readSessionCookie(): Promise<string | undefined> {
  const state = await sessionCookieState();
  return state.status === 'one' ? state.token : undefined;
}
