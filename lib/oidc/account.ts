/**
 * oidc-provider's `findAccount` (https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md#findaccount):
 * the user behind a `sub` (User.id), only while the account gate lets them in (lib/auth/account-gate.ts)
 * and only while the client's application lets them use it (its users and groups).
 *
 * At the authorization endpoint (no token) the Gatehouse session cookie must be valid and belong
 * to that user, else there is no account: signing out of Gatehouse ends silent (`prompt=none`)
 * sign-ins too. What the session proved (level, amr, when) and whether the application allows
 * the user ride along for the interaction policy (lib/oidc/policy.ts), which steps up or refuses.
 * At the token and userinfo endpoints a user who lost access to the application is not found, so
 * a refresh token of someone removed from its group stops working.
 */
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import { accountGate } from '../auth/account-gate';
import type { CookieEnv, SessionEnv } from '../config';
import type { Db } from '../db';
import { validateSession } from '../sessions/validate-session';
import { singleSessionCookie, splitCookieHeader } from '../verify/cookie-header';
import { applicationAllows, claimsFor, emailVerifiedOf, idTokenClaims, parseSubjects } from './claims';
import { clientSettings } from './client-metadata';
import type { OidcStore } from './oidc-store';

export type GatehouseSessionInfo = {
  id: string;
  level: 'one_factor' | 'two_factor';
  amr: string[];
  /** Seconds since the epoch: the last proof in the session (its creation when none is stamped). */
  authTime: number;
};

export type GatehouseAccount = Account & {
  gatehouse: {
    /** The Gatehouse session behind an authorization request; null at the token and userinfo endpoints. */
    session: GatehouseSessionInfo | null;
    /** The application's users and groups include the user. */
    allowed: boolean;
    /** The application's level. */
    requiredLevel: 'one_factor' | 'two_factor';
    username: string;
  };
};

export function isGatehouseAccount(account: unknown): account is GatehouseAccount {
  return typeof account === 'object' && account !== null && 'gatehouse' in account;
}

/** The Gatehouse session a request carries (exactly one session cookie), validated without touching it. */
export async function gatehouseSessionOf(db: Db, env: SessionEnv & CookieEnv, cookieHeader: string | undefined) {
  const token = singleSessionCookie(splitCookieHeader(cookieHeader ?? null, env.cookie.name));
  return validateSession(token, { db, idleTimeoutMs: env.session.idleTimeoutMs, touch: false });
}

export function authTimeOf(session: { createdAt: Date; passwordProvenAt: Date | null; factorProvenAt: Date | null }): number {
  const times = [session.createdAt, session.passwordProvenAt, session.factorProvenAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
  return Math.floor(Math.max(...times) / 1000);
}

export function createFindAccount(deps: { db: () => Db; store: () => OidcStore; env: () => SessionEnv & CookieEnv }) {
  return async function findAccount(ctx: KoaContextWithOIDC, sub: string, token?: unknown): Promise<GatehouseAccount | undefined> {
    const client = ctx.oidc.client;
    // One read: the user, their groups, and the application through the client's row.
    const user = await deps.store().account(sub, client?.clientId ?? null);
    if (!user || !accountGate(user).ok) return undefined;
    const groups = [...user.groups].sort();

    const settings = client ? clientSettings(client) : null;
    let allowed = true;
    let requiredLevel: 'one_factor' | 'two_factor' = 'one_factor';
    if (client) {
      const application = user.application;
      if (!application) return undefined;
      allowed = applicationAllows(parseSubjects(application.subjects), { username: user.username, groups });
      requiredLevel = application.level === 'one_factor' ? 'one_factor' : 'two_factor';
    }

    let session: GatehouseSessionInfo | null = null;
    if (token === undefined) {
      const check = await gatehouseSessionOf(deps.db(), deps.env(), ctx.req.headers.cookie);
      if (check.status !== 'ok' || check.user.id !== sub) return undefined;
      session = { id: check.session.id, level: check.session.level, amr: check.session.amr, authTime: authTimeOf(check.session) };
    } else if (!allowed) {
      return undefined;
    }

    // The store answers emailVerifiedOf's identity test (verified, and this very address) in SQL.
    const identities = user.identityVerified ? [{ email: user.email, emailVerified: true }] : [];
    const emailVerified = emailVerifiedOf({ email: user.email, signupMethod: user.signupMethod, identities });
    const claimsUser = { id: user.id, username: user.username, displayName: user.displayName, email: user.email, emailVerified, groups };
    const inIdToken = settings?.claimsInIdToken ?? false;
    return {
      accountId: user.id,
      gatehouse: { session, allowed, requiredLevel, username: user.username },
      claims(use, scope) {
        const claims = claimsFor(claimsUser, scope);
        return use === 'id_token' ? idTokenClaims(claims, inIdToken) : claims;
      },
    };
  };
}
