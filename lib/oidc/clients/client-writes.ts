/** What every client write shares: the canonical input or a field error, and the client or a clear "not found". */
import type { Tx } from '../../db';
import { announce } from '../../events/announce';
import { AppError } from '../../errors';
import { parseClientInput } from './validate-client-form';
import type { TClientInput } from './types';

/** Checks and canonicalises an input given to a use case; the first problem as a field error. */
export function canonicalClientInput(input: unknown): TClientInput {
  const parsed = parseClientInput(input);
  if (parsed.ok) return parsed.input;
  const [field, message] = Object.entries(parsed.fieldErrors)[0] ?? ['form', 'The client is not valid.'];
  throw new AppError('INVALID', message, field);
}

/** Inside the client write's transaction: once it commits, the provider's client cache (lib/oidc/client-cache.ts) forgets them, here and on the other instances. */
export function clientsChanged(tx: Tx, ...clientIds: string[]): Promise<void> {
  return announce(tx, 'oidc-clients-changed', { clientIds });
}

export type TExistingClient = { id: string; name: string; type: string; applicationId: string };

/** The client (of that application, when given), or NOT_FOUND. */
export async function existingClient(tx: Tx, id: string, applicationId?: string): Promise<TExistingClient> {
  const client = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, name: true, type: true, applicationId: true } });
  if (!client || (applicationId !== undefined && client.applicationId !== applicationId))
    throw new AppError('NOT_FOUND', 'That client no longer exists: another admin may have deleted it.');
  return client;
}
