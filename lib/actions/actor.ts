import type { AuditParty } from '../audit/log-event';
import type { SessionUser } from '../sessions/validate-session';

/** Who did it, as audit events and use cases record them. */
export type Actor = AuditParty;

/** The signed-in user as an actor: the one place its audit name is chosen. */
export function actorOf(user: Pick<SessionUser, 'id' | 'username'>): Actor {
  return { id: user.id, name: user.username };
}
