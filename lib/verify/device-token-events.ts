/**
 * "These device tokens changed" (revoked, or their user's real Paperless token was replaced):
 * the verify endpoint's device cache on this instance forgets them at once. Other instances
 * forget them when their cache entry expires (GATEHOUSE_VERIFY_CACHE_TTL).
 */
import { publish, subscribe, type LocalEvents } from '../events/local-bus';

export type DeviceTokenChange = LocalEvents['device-tokens-changed'];

export function publishDeviceTokenChange(change: DeviceTokenChange): void {
  publish('device-tokens-changed', change);
}

export function onDeviceTokenChange(listener: (change: DeviceTokenChange) => void): () => void {
  return subscribe('device-tokens-changed', listener);
}
