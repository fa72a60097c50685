import { publishRevocation } from '../sessions/revocation-bus';
import { publishDeviceTokenChange } from '../verify/device-token-events';

/** Members' cached answers at the verify endpoint carry the group names: forget them. */
export function forgetMembers(userIds: string[]): void {
  if (!userIds.length) return;
  publishRevocation({ userIds });
  publishDeviceTokenChange({ userIds });
}
