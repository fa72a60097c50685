/**
 * RP-initiated logout ends the Gatehouse session too (OpenID Connect RP-Initiated Logout 1.0 §2:
 * the OP logs the End-User out). When the user confirms "Sign out" on the provider's page
 * (POST /oidc/session/end/confirm with logout=yes; the library ends its own session, revokes the
 * grants and sends the back-channel logout tokens), the session the Gatehouse cookie names is
 * revoked as signing out does (audited, published to the verify cache) with an `oidc.logout`
 * event in the same transaction, and the cookie is cleared.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { logEvent } from '../audit/log-event';
import type { CookieEnv, SessionEnv } from '../config';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { announceRevocation } from '../sessions/revocation-bus';
import { expiredSessionCookies } from '../verify/cookie-header';
import { gatehouseSessionOf } from './account';

export const LOGOUT_FLAG = 'gatehouseLogout';

export async function endGatehouseSession(ctx: KoaContextWithOIDC, deps: { db: Db; env: SessionEnv & CookieEnv; meta: RequestMeta }): Promise<void> {
  const check = await gatehouseSessionOf(deps.db, deps.env, ctx.req.headers.cookie);
  for (const value of expiredSessionCookies(deps.env.cookie)) ctx.append('Set-Cookie', value);
  if (check.status !== 'ok') return;
  const actor = { id: check.user.id, name: check.user.username };
  const client = ctx.oidc.client;
  const now = new Date();
  await deps.db.$transaction(async (tx) => {
    const session = await tx.session.findUnique({ where: { id: check.session.id }, select: { tokenHash: true, revokedAt: true } });
    if (!session || session.revokedAt) return;
    await tx.session.update({ where: { id: check.session.id }, data: { revokedAt: now, revokedReason: 'sign_out' } });
    await logEvent(tx, {
      type: 'auth.sign_out',
      actor,
      target: { type: 'session', id: check.session.id, name: actor.name },
      meta: deps.meta,
      data: { reason: 'sign_out' },
    });
    await logEvent(tx, {
      type: 'oidc.logout',
      actor,
      target: client ? { type: 'oidc_client', id: client.clientId, name: client.clientName ?? client.clientId } : null,
      meta: deps.meta,
    });
    await announceRevocation(tx, { tokenHashes: [session.tokenHash] });
  });
}
