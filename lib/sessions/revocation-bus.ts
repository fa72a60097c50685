/**
 * Tells the caches that sessions ended, so a revocation takes effect on this instance's very
 * next request after the commit, and on the others as soon as they hear of it (announce.ts).
 */
import type { DbOrTx } from '../db';
import { announce } from '../events/announce';
import { subscribe, type LocalEvents } from '../events/local-bus';

export type Revocation = LocalEvents['sessions-revoked'];

/** Call inside the transaction that ends the sessions. */
export function announceRevocation(tx: DbOrTx, revocation: Revocation): Promise<void> {
  return announce(tx, 'sessions-revoked', revocation);
}

export function onRevocation(listener: (revocation: Revocation) => void): () => void {
  return subscribe('sessions-revoked', listener);
}
