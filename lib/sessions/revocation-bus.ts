/**
 * Tells in-process caches that sessions ended, so a revocation takes effect on this instance's
 * very next request. Shared through globalThis because Next's bundles and the Gatehouse server
 * load separate copies of this module in one process.
 */
export type Revocation = { tokenHashes?: string[]; userIds?: string[] };
type Listener = (revocation: Revocation) => void;

const KEY = Symbol.for('gatehouse.revocationListeners');
type Holder = { [KEY]?: Set<Listener> };

function listeners(): Set<Listener> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set());
}

export function publishRevocation(revocation: Revocation): void {
  for (const listener of listeners()) listener(revocation);
}

export function onRevocation(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
