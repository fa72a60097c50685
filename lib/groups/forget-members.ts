import { publishRevocation } from '../sessions/revocation-bus';
import { publishAppTokenChange } from '../paperless/app-token-events';

/** Members' cached answers at the verify endpoint carry the group names: forget them. */
export function forgetMembers(userIds: string[]): void {
  if (!userIds.length) return;
  publishRevocation({ userIds });
  publishAppTokenChange({ userIds });
}
