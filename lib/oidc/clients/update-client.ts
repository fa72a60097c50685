/**
 * Changes a client's settings, with its audit event, in one transaction. Its type is fixed when
 * it is made (a confidential client has a secret, a public one never does): changing it is a new
 * client. The secret is untouched here (rotate-client-secret.ts replaces it).
 */
import type { Actor } from '../../actions/actor';
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { clientAuditData, clientToColumns } from './client-codec';
import { canonicalClientInput, clientsChanged, existingClient } from './client-writes';
import type { TClientInput } from './types';

export async function updateClient(
  db: Db,
  actor: Actor,
  input: TClientInput & { id: string; applicationId?: string },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<void> {
  const { id, applicationId, ...fields } = input;
  const client = canonicalClientInput(fields);
  await db.$transaction(async (tx) => {
    const before = await existingClient(tx, id, applicationId);
    if (before.type !== client.type)
      throw new AppError('INVALID', 'A client’s type is fixed when it is made: add a new client of the other type instead.', 'type');
    await tx.oidcClient.update({ where: { id }, data: clientToColumns(client), select: { id: true } });
    await logEvent(tx, {
      type: 'oidc.client_updated',
      actor,
      target: { type: 'oidc_client', id, name: client.name },
      meta,
      data: { application: before.applicationId, ...clientAuditData(client) },
    });
    await clientsChanged(tx, id);
  });
}
