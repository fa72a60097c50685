/**
 * "These app tokens changed" (revoked, or their user's real Paperless token was replaced): the
 * verify endpoint's app-token cache forgets them, on this instance right after the commit, on the
 * others as soon as they hear of it (lib/events/announce.ts).
 */
import type { DbOrTx } from '../db';
import { announce } from '../events/announce';
import { subscribe, type LocalEvents } from '../events/local-bus';

export type AppTokenChange = LocalEvents['app-tokens-changed'];

/** Call inside the transaction that changes the tokens. */
export function announceAppTokenChange(tx: DbOrTx, change: AppTokenChange): Promise<void> {
  return announce(tx, 'app-tokens-changed', change);
}

export function onAppTokenChange(listener: (change: AppTokenChange) => void): () => void {
  return subscribe('app-tokens-changed', listener);
}
