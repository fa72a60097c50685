/**
 * Replaces a confidential client's secret: the new one is returned this once, its SHA-256 stored,
 * the old one stops working at once; with its audit event, in one transaction. Tokens already
 * issued stay valid (revoke-client-tokens.ts ends them).
 */
import type { Actor } from '../../actions/actor';
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { clientsChanged, existingClient } from './client-writes';
import { newClientSecret } from './create-client';
import type { TIssuedSecret } from './types';

export async function rotateClientSecret(
  db: Db,
  actor: Actor,
  input: { id: string; applicationId?: string },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<TIssuedSecret> {
  const { secret, secretHash } = newClientSecret();
  await db.$transaction(async (tx) => {
    const client = await existingClient(tx, input.id, input.applicationId);
    if (client.type !== 'confidential') throw new AppError('INVALID', 'A public client has no secret to replace.');
    await tx.oidcClient.update({ where: { id: client.id }, data: { secretHash, secretCreatedAt: new Date() }, select: { id: true } });
    await logEvent(tx, {
      type: 'oidc.client_secret_rotated',
      actor,
      target: { type: 'oidc_client', id: client.id, name: client.name },
      meta,
      data: { application: client.applicationId },
    });
    await clientsChanged(tx, input.id);
  });
  return { clientId: input.id, secret };
}
