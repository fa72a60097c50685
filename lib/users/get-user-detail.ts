/**
 * Everything the admin's user page shows, read in a handful of indexed queries: profile, status
 * (and who changed it), groups, second factors, device tokens, active sessions, and the newest
 * audit events with the user as actor or as target.
 */
import type { Db } from '../db';
import { type FactorSummary, listFactors } from '../mfa/list-factors';
import { listAppTokens, type AppTokenSummary } from '../paperless/app-tokens';
import { listActiveSessions, type SessionSummary } from '../sessions/list-sessions';

export const USER_EVENTS_SHOWN = 20;

export type UserEvent = {
  id: number;
  createdAt: Date;
  type: string;
  outcome: string;
  actorName: string | null;
  targetType: string | null;
  targetName: string | null;
  ip: string | null;
};

export type UserDetail = {
  id: string;
  username: string;
  email: string;
  displayName: string;
  status: string;
  statusReason: string | null;
  statusChangedAt: Date;
  /** The admin who last changed the status: their username, or null (the system, or a deleted admin — then `statusChangedById`). */
  statusChangedBy: string | null;
  statusChangedById: string | null;
  signupMethod: string;
  signupIp: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  hasPassword: boolean;
  /** local | directory (the directory checks the password: no password link). */
  authSource: string;
  /** The directory entry's DN at the last sign-in or sync (directory accounts). */
  directoryDn: string | null;
  groups: string[];
  factors: FactorSummary[];
  deviceTokens: AppTokenSummary[];
  sessions: SessionSummary[];
  events: UserEvent[];
  paperless: { username: string; hasToken: boolean } | null;
};

const EVENT_SELECT = { id: true, createdAt: true, type: true, outcome: true, actorName: true, targetType: true, targetName: true, ip: true } as const;

/** The newest events with the user as actor or as target: two indexed queries (actorId, targetId), merged. */
export async function recentUserEvents(db: Db, userId: string, take = USER_EVENTS_SHOWN): Promise<UserEvent[]> {
  const [asActor, asTarget] = [
    await db.auditEvent.findMany({ where: { actorId: userId }, orderBy: { id: 'desc' }, take, select: EVENT_SELECT }),
    await db.auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'desc' }, take, select: EVENT_SELECT }),
  ];
  const byId = new Map<number, UserEvent>();
  for (const event of [...asActor, ...asTarget]) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, take);
}

/** null when no user has this id (another entity's id included). */
export async function getUserDetail(db: Db, input: { userId: string; idleTimeoutMs: number; now?: Date }): Promise<UserDetail | null> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: {
      id: true,
      username: true,
      email: true,
      displayName: true,
      status: true,
      statusReason: true,
      statusChangedAt: true,
      statusChangedById: true,
      signupMethod: true,
      signupIp: true,
      createdAt: true,
      lastSignInAt: true,
      passwordHash: true,
      authSource: true,
      directoryDn: true,
      groups: { select: { group: { select: { name: true } } } },
      paperless: { select: { paperlessUsername: true, tokenObtainedAt: true } },
    },
  });
  if (!user) return null;
  const changer = user.statusChangedById ? await db.user.findUnique({ where: { id: user.statusChangedById }, select: { username: true } }) : null;
  const [factors, deviceTokens, sessions, events] = [
    await listFactors(db, user.id),
    await listAppTokens(db, { userId: user.id, now: input.now }),
    await listActiveSessions(db, { userId: user.id, idleTimeoutMs: input.idleTimeoutMs, now: input.now }),
    await recentUserEvents(db, user.id),
  ];
  const { passwordHash, groups, paperless, ...profile } = user;
  return {
    ...profile,
    statusChangedBy: changer?.username ?? null,
    hasPassword: passwordHash !== null,
    groups: groups.map((g) => g.group.name).sort(),
    paperless: paperless ? { username: paperless.paperlessUsername, hasToken: paperless.tokenObtainedAt !== null } : null,
    factors,
    deviceTokens,
    sessions,
    events,
  };
}
