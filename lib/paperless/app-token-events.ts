/**
 * "These app tokens changed" (revoked, or their user's real Paperless token was replaced): the
 * verify endpoint's app-token cache on this instance forgets them at once. Other instances
 * forget them when their cache entry expires (GATEHOUSE_VERIFY_CACHE_TTL).
 */
import { publish, subscribe, type LocalEvents } from '../events/local-bus';

export type AppTokenChange = LocalEvents['app-tokens-changed'];

export function publishAppTokenChange(change: AppTokenChange): void {
  publish('app-tokens-changed', change);
}

export function onAppTokenChange(listener: (change: AppTokenChange) => void): () => void {
  return subscribe('app-tokens-changed', listener);
}
