/**
 * The WebAuthn relying party: which domain credentials are scoped to (RP ID), the name
 * authenticators show, and the one origin the browser must report. Taken from configuration,
 * never from the request, so a forwarded Host header cannot widen what a response is checked against.
 */
import type { PortalEnv, SecondFactorEnv } from '../../config';

export type RelyingParty = { rpId: string; rpName: string; origin: string };

/** The relying party of this Gatehouse instance. */
export function relyingPartyOf(env: Pick<PortalEnv, 'origin'> & SecondFactorEnv): RelyingParty {
  return { rpId: env.secondFactor.rpId, rpName: env.secondFactor.rpName, origin: env.origin };
}
