/**
 * What a new public URL or cookie domain changes for people already using the portal, said
 * before it is saved: sessions whose cookie belongs to the old domain are signed out; passkeys
 * and security keys are bound to the WebAuthn relying party (the host or cookie domain), so a
 * new one leaves those registered under the old one unusable; the proxy configuration names
 * the portal's address and must be generated again.
 */
import type { Env } from '../config';
import type { DbOrTx } from '../db';

export type PortalChangeImpact = {
  /** The session cookie is set for another domain (or host): every signed-in browser signs in again. */
  signsEveryoneOut: boolean;
  activeSessions: number;
  /** The WebAuthn relying party changes from `rpIdBefore` to `rpIdAfter`. */
  relyingPartyChanges: boolean;
  rpIdBefore: string;
  rpIdAfter: string;
  /** Passkeys and security keys registered under the old relying party. */
  webauthnCredentials: number;
  /** The portal's address changes: the generated proxy configuration must be regenerated. */
  proxyConfigChanges: boolean;
};

const cookieScope = (env: Env): string => env.cookie.domain ?? new URL(env.url).hostname;

export async function portalChangeImpact(db: DbOrTx, before: Env, after: Env): Promise<PortalChangeImpact> {
  const signsEveryoneOut = cookieScope(before) !== cookieScope(after) || before.cookie.secure !== after.cookie.secure;
  const relyingPartyChanges = before.secondFactor.rpId !== after.secondFactor.rpId;
  const [activeSessions, webauthnCredentials] = await Promise.all([
    signsEveryoneOut ? db.session.count({ where: { revokedAt: null, expiresAt: { gt: new Date() } } }) : 0,
    relyingPartyChanges ? db.secondFactor.count({ where: { kind: 'webauthn' } }) : 0,
  ]);
  return {
    signsEveryoneOut,
    activeSessions,
    relyingPartyChanges,
    rpIdBefore: before.secondFactor.rpId,
    rpIdAfter: after.secondFactor.rpId,
    webauthnCredentials,
    proxyConfigChanges: before.url !== after.url,
  };
}

export function hasImpact(impact: PortalChangeImpact): boolean {
  return impact.signsEveryoneOut || impact.relyingPartyChanges || impact.proxyConfigChanges;
}
