import 'server-only';
/**
 * The data access layer for "who is signed in, and may they do this": memoised per request with
 * React's cache, and called by every page, action and admin route. What each of them needs is
 * written in lib/auth/access-table.ts and judged by lib/auth/assurance.ts, here and nowhere else.
 * Layouts are not relied on for checks (they do not re-run on client navigation).
 */
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '../db';
import { getEnv } from '../config';
import { validateSession, type SessionCheck, type SessionUser, type ValidSession } from '../sessions/validate-session';
import { PAGES, ROUTES, type PageKey, type RouteKey } from './access-table';
import { ANONYMOUS, inSudoMode, judgeAccess, type AssuranceSettings, type AssuranceSubject, type AssuranceVerdict, type Requirement } from './assurance';
import { assuranceRedirect } from './assurance-paths';
import { readAdminsMustUseSecondFactor } from './assurance-settings';
import { readSessionCookie } from './session-cookie';

import { PATHNAME_HEADER } from './current-session-header';
export { PATHNAME_HEADER };

export const getCurrentSession = cache(async (): Promise<SessionCheck> => {
  const token = await readSessionCookie();
  return validateSession(token, { db: getDb(), idleTimeoutMs: getEnv().session.idleTimeoutMs });
});

export type SignedIn = { session: ValidSession; user: SessionUser };

const readAdminsSetting = cache(() => readAdminsMustUseSecondFactor(getDb()));

export function subjectOf(signedIn: SignedIn | null): AssuranceSubject {
  if (!signedIn) return ANONYMOUS;
  return {
    level: signedIn.session.level,
    hasFactor: signedIn.user.hasSecondFactor,
    isAdmin: signedIn.user.isAdmin,
    factorProvenAt: signedIn.session.factorProvenAt,
    passwordProvenAt: signedIn.session.passwordProvenAt,
  };
}

export type AccessCheck = {
  verdict: AssuranceVerdict;
  signedIn: SignedIn | null;
  /** The session is in sudo mode now (its proof is fresh): for use cases that need it only for some inputs. */
  sudo: boolean;
};

/** Judges the current request against `requirement`. Reads the admin setting only when it decides something. */
export async function checkAccess(requirement: Requirement, now: Date = new Date()): Promise<AccessCheck> {
  const check = await getCurrentSession();
  const signedIn = check.status === 'ok' ? { session: check.session, user: check.user } : null;
  const subject = subjectOf(signedIn);
  const settings: AssuranceSettings = {
    adminsMustUseSecondFactor: subject.isAdmin && !subject.hasFactor ? await readAdminsSetting() : true,
    sudoTtlMs: getEnv().assurance.sudoTtlMs,
  };
  return { verdict: judgeAccess(requirement, subject, settings, now), signedIn, sudo: inSudoMode(subject, settings, now) };
}

type Granted<R extends Requirement> = R extends 'public' ? null : SignedIn;

/**
 * The signed-in user when the request meets `requirement`; otherwise a redirect to what must
 * happen first (sign in, the second-factor step, adding a factor, re-proving), each returning
 * here afterwards, or a plain 404 for a non-admin (admin pages do not advertise themselves).
 * `public` asks nothing (and reads nothing).
 */
export async function requireAccess<R extends Requirement>(requirement: R): Promise<Granted<R>> {
  if (requirement === 'public') return null as Granted<R>;
  const { verdict, signedIn } = await checkAccess(requirement);
  if (verdict.ok && signedIn) return signedIn as Granted<R>;
  const here = (await headers()).get(PATHNAME_HEADER) ?? '/';
  const target = assuranceRedirect(verdict.ok ? 'sign-in' : verdict.need, here);
  if (target === null) notFound();
  redirect(target);
}

/** What the page `key` needs, as lib/auth/access-table.ts says. Every page calls this first. */
export function requirePage<K extends PageKey>(key: K): Promise<Granted<(typeof PAGES)[K]>> {
  return requireAccess(PAGES[key]);
}

/** Any valid session (layouts, and pages whose table entry is `user`). */
export const requireUser = (): Promise<SignedIn> => requireAccess('user');
/** An admin who meets the admin requirement (layouts). */
export const requireAdmin = (): Promise<SignedIn> => requireAccess('admin');

/**
 * The route handler `key` may answer this request. Anyone who must sign in, or is not an admin,
 * gets a plain 404 (admin routes do not advertise themselves); an admin who must pass the
 * second-factor step, add a factor or re-prove is sent there (303), and comes back to the same
 * URL with its query.
 */
export async function authorizeRoute<K extends RouteKey>(
  key: K,
  request: Request,
): Promise<{ ok: true; signedIn: Granted<(typeof ROUTES)[K]> } | { ok: false; response: Response }> {
  type G = Granted<(typeof ROUTES)[K]>;
  const requirement: Requirement = ROUTES[key];
  if (requirement === 'public') return { ok: true, signedIn: null as G };
  const { verdict, signedIn } = await checkAccess(requirement);
  if (verdict.ok && signedIn) return { ok: true, signedIn: signedIn as G };
  const need = verdict.ok ? 'sign-in' : verdict.need;
  const url = new URL(request.url);
  const target = need === 'sign-in' ? null : assuranceRedirect(need, url.pathname + url.search);
  if (target === null)
    return {
      ok: false,
      response: new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } }),
    };
  return { ok: false, response: new Response(null, { status: 303, headers: { Location: `${getEnv().url}${target}`, 'Cache-Control': 'no-store' } }) };
}
