/**
 * A user allowed a client to read their account: the scopes are remembered (merged with what was
 * allowed before) and the audit event commits in the same transaction.
 */
import { logEvent, type AuditParty } from '../../audit/log-event';
import type { Tx } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { canonicalScopes } from '../scopes';

export async function recordConsent(
  tx: Tx,
  input: { user: AuditParty; client: { id: string; name: string }; scopes: Iterable<string>; meta: RequestMeta },
): Promise<string> {
  const before = await tx.oidcConsent.findUnique({
    where: { userId_clientId: { userId: input.user.id, clientId: input.client.id } },
    select: { scopes: true },
  });
  const scopes = canonicalScopes([...(before ? before.scopes.split(' ') : []), ...input.scopes]);
  await tx.oidcConsent.upsert({
    where: { userId_clientId: { userId: input.user.id, clientId: input.client.id } },
    create: { userId: input.user.id, clientId: input.client.id, scopes },
    update: { scopes },
  });
  await logEvent(tx, {
    type: 'oidc.consent_given',
    actor: input.user,
    target: { type: 'oidc_client', id: input.client.id, name: input.client.name },
    meta: input.meta,
    data: { scopes },
  });
  return scopes;
}
