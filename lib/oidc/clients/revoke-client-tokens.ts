/**
 * "Revoke all tokens of a client": every grant, code, access and refresh token issued to it ends,
 * with its audit event, in one transaction. The client and users' consents stay: the next sign-in
 * starts afresh.
 */
import type { Actor } from '../../actions/actor';
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { revokeOidcForClient } from '../revoke-grants';
import { clientsChanged, existingClient } from './client-writes';

export async function revokeClientTokens(
  db: Db,
  actor: Actor,
  input: { id: string; applicationId?: string },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<{ revoked: number }> {
  const result = await db.$transaction(async (tx) => {
    const client = await existingClient(tx, input.id, input.applicationId);
    const revoked = await revokeOidcForClient(tx, client.id);
    await logEvent(tx, {
      type: 'oidc.client_tokens_revoked',
      actor,
      target: { type: 'oidc_client', id: client.id, name: client.name },
      meta,
      data: { application: client.applicationId, revoked },
    });
    await clientsChanged(tx, input.id);
    return { revoked };
  });
  return result;
}
