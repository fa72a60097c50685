/**
 * Deletes a client: everything it was issued (grants, codes, access and refresh tokens) and the
 * consents given to it go in the same transaction as the row and its audit event, so no token of
 * a deleted client outlives it.
 */
import type { Actor } from '../../actions/actor';
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { revokeOidcForClient } from '../revoke-grants';
import { clientsChanged, existingClient } from './client-writes';

export async function deleteClient(
  db: Db,
  actor: Actor,
  input: { id: string; applicationId?: string },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<{ revoked: number }> {
  const result = await db.$transaction(async (tx) => {
    const client = await existingClient(tx, input.id, input.applicationId);
    const revoked = await revokeOidcForClient(tx, client.id);
    // The foreign key cascades too; deleting them here does not depend on SQLite's foreign_keys pragma.
    const consents = await tx.oidcConsent.deleteMany({ where: { clientId: client.id } });
    await tx.oidcClient.delete({ where: { id: client.id } });
    await logEvent(tx, {
      type: 'oidc.client_deleted',
      actor,
      target: { type: 'oidc_client', id: client.id, name: client.name },
      meta,
      data: { application: client.applicationId, revoked, consents: consents.count },
    });
    await clientsChanged(tx, input.id);
    return { revoked };
  });
  return result;
}
