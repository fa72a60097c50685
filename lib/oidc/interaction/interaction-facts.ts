/**
 * Reads what decideInteraction needs for one interaction: the library's interaction (its cookie
 * must match: provider.interactionDetails), the client and its application, the Gatehouse session
 * the request carries, and the user's remembered consent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Interaction, Provider } from 'oidc-provider';
import type { CookieEnv, SessionEnv } from '../../config';
import type { Db } from '../../db';
import { gatehouseSessionOf } from '../account';
import { parseSubjects } from '../claims';
import { clientSettings, grantTtlOf } from '../client-metadata';
import { hasConsentFor } from '../consents/find-consent';
import type { InteractionFacts, InteractionSession } from './decide';
import { requestedScopes } from './decide';

export type LoadedInteraction = {
  details: Interaction;
  facts: InteractionFacts;
  client: { id: string; name: string } | null;
  /** How long a grant to this client lives (seconds): as long as its refresh tokens. */
  grantTtl: number;
};

export class InteractionNotFound extends Error {}

/** The interaction the cookie names, when it is the one in the URL; otherwise InteractionNotFound. */
export async function interactionFor(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string): Promise<Interaction> {
  let details: Interaction;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    throw new InteractionNotFound('This sign-in request has expired or was already used.');
  }
  if (details.uid !== uid) throw new InteractionNotFound('This sign-in request belongs to another browser tab or has expired.');
  return details;
}

export async function loadInteraction(
  provider: Provider,
  input: { req: IncomingMessage; res: ServerResponse; uid: string; db: Db; env: SessionEnv & CookieEnv; now: Date },
): Promise<LoadedInteraction> {
  const details = await interactionFor(provider, input.req, input.res, input.uid);
  const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
  const client = clientId ? await provider.Client.find(clientId) : undefined;
  const settings = client ? clientSettings(client) : null;
  const application = settings
    ? await input.db.application.findUnique({ where: { id: settings.applicationId }, select: { subjects: true, level: true } })
    : null;
  const check = await gatehouseSessionOf(input.db, input.env, input.req.headers.cookie);
  let session: InteractionSession;
  if (check.status === 'ok') {
    session = { status: 'ok', session: check.session, user: { id: check.user.id, username: check.user.username, groups: check.user.groups } };
  } else {
    session = check.status === 'missing' ? { status: 'missing' } : { status: 'invalid', reason: check.reason };
  }
  const consented = check.status === 'ok' && client ? await hasConsentFor(input.db, check.user.id, client.clientId, requestedScopes(details.params)) : false;
  return {
    details,
    client: client ? { id: client.clientId, name: client.clientName ?? client.clientId } : null,
    grantTtl: settings ? grantTtlOf(settings) : 60,
    facts: {
      uid: details.uid,
      startedAt: typeof details.iat === 'number' ? details.iat : Math.floor(input.now.getTime() / 1000),
      params: details.params,
      session,
      client: settings ? { firstParty: settings.firstParty } : null,
      application: application ? { subjects: parseSubjects(application.subjects), level: application.level } : null,
      consented,
      now: input.now,
    },
  };
}
