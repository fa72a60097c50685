/**
 * Adds an OpenID Connect client to an application, with its audit event, in one transaction.
 * The client_id is 128 random bits as hex (URL-safe, and never read as an option by a command
 * line); a confidential client's secret is 256 random bits (lib/crypto.ts randomToken), stored
 * only as its SHA-256 and returned to the caller this once.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../actions/actor';
import { logEvent } from '../../audit/log-event';
import { randomToken, sha256Hex } from '../../crypto';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { clientAuditData, clientToColumns } from './client-codec';
import { canonicalClientInput, clientsChanged } from './client-writes';
import type { TClientInput } from './types';

export function newClientId(): string {
  return randomBytes(16).toString('hex');
}

export function newClientSecret(): { secret: string; secretHash: string } {
  const secret = randomToken(32);
  return { secret, secretHash: sha256Hex(secret) };
}

export async function createClient(
  db: Db,
  actor: Actor,
  input: TClientInput & { applicationId: string },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<{ clientId: string; secret: string | null }> {
  const { applicationId, ...fields } = input;
  const client = canonicalClientInput(fields);
  const clientId = newClientId();
  const issued = client.type === 'confidential' ? newClientSecret() : null;
  await db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: applicationId }, select: { id: true } });
    if (!app) throw new AppError('NOT_FOUND', 'That application no longer exists: another admin may have deleted it.');
    await tx.oidcClient.create({
      data: {
        id: clientId,
        applicationId,
        ...clientToColumns(client),
        secretHash: issued?.secretHash ?? null,
        secretCreatedAt: issued ? new Date() : null,
      },
      select: { id: true },
    });
    await logEvent(tx, {
      type: 'oidc.client_created',
      actor,
      target: { type: 'oidc_client', id: clientId, name: client.name },
      meta,
      data: { application: applicationId, ...clientAuditData(client) },
    });
    await clientsChanged(tx, clientId);
  });
  return { clientId, secret: issued?.secret ?? null };
}
