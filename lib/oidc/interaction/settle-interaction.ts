/**
 * Carries out decideInteraction's answer and returns where the browser goes next: a Gatehouse
 * page (sign-in, second factor, re-proof, consent), or back to the provider with the result —
 * `access_denied` (audited `oidc.authorization_refused`), or the login and a grant of the requested
 * scopes (audited `oidc.authorized`; a consent just given is recorded in the same transaction).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { logEvent, type AuditParty } from '../../audit/log-event';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { recordConsent } from '../consents/record-consent';
import type { InteractionDecision } from './decide';
import type { LoadedInteraction } from './interaction-facts';

export type SettleInput = { req: IncomingMessage; res: ServerResponse; db: Db; meta: RequestMeta; consentGiven?: boolean };

function actorOf(loaded: LoadedInteraction): AuditParty | null {
  const session = loaded.facts.session;
  return session.status === 'ok' ? { id: session.user.id, name: session.user.username } : null;
}

export async function settleInteraction(provider: Provider, loaded: LoadedInteraction, decision: InteractionDecision, input: SettleInput): Promise<string> {
  if (decision.kind === 'redirect') return decision.to;
  const target = loaded.client ? { type: 'oidc_client' as const, ...loaded.client } : null;
  const actor = actorOf(loaded);

  if (decision.kind === 'refuse') {
    await logEvent(input.db, { type: 'oidc.authorization_refused', outcome: 'failure', actor, target, meta: input.meta, data: { reason: decision.reason } });
    return provider.interactionResult(
      input.req,
      input.res,
      { error: 'access_denied', error_description: decision.description },
      { mergeWithLastSubmission: false },
    );
  }

  const { login, scopes } = decision;
  const clientId = loaded.client?.id ?? '';
  const existing = loaded.details.grantId ? await provider.Grant.find(loaded.details.grantId) : undefined;
  const grant =
    existing && existing.accountId === login.accountId && existing.clientId === clientId
      ? existing
      : new provider.Grant({ accountId: login.accountId, clientId });
  if (scopes.length > 0) grant.addOIDCScope(scopes.join(' '));
  grant.expiresIn = loaded.grantTtl;
  const grantId = await grant.save();

  await input.db.$transaction(async (tx) => {
    if (input.consentGiven && actor && loaded.client) await recordConsent(tx, { user: actor, client: loaded.client, scopes, meta: input.meta });
    await logEvent(tx, { type: 'oidc.authorized', actor, target, meta: input.meta, data: { scopes: scopes.join(' '), acr: login.acr } });
  });
  // An empty amr (a session from before amr was recorded) is left out rather than claimed empty.
  const result = { login: { ...login, amr: login.amr.length > 0 ? login.amr : undefined }, consent: { grantId } };
  return provider.interactionResult(input.req, input.res, result, { mergeWithLastSubmission: false });
}

/** The consent page said no: the client gets access_denied (audited as a refused consent). */
export async function refuseConsent(provider: Provider, loaded: LoadedInteraction, input: SettleInput): Promise<string> {
  const target = loaded.client ? { type: 'oidc_client' as const, ...loaded.client } : null;
  await logEvent(input.db, { type: 'oidc.consent_refused', actor: actorOf(loaded), target, meta: input.meta });
  return provider.interactionResult(
    input.req,
    input.res,
    { error: 'access_denied', error_description: 'The user did not allow the app to read their account.' },
    { mergeWithLastSubmission: false },
  );
}
