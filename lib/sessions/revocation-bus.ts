/**
 * Tells in-process caches that sessions ended, so a revocation takes effect on this instance's
 * very next request (see lib/events/local-bus.ts).
 */
import { publish, subscribe, type LocalEvents } from '../events/local-bus';

export type Revocation = LocalEvents['sessions-revoked'];

export function publishRevocation(revocation: Revocation): void {
  publish('sessions-revoked', revocation);
}

export function onRevocation(listener: (revocation: Revocation) => void): () => void {
  return subscribe('sessions-revoked', listener);
}
