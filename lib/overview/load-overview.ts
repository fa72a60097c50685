/** Everything the admin overview shows, in a handful of indexed queries. */
import { ADMIN_GROUP } from '../auth/account-gate';
import type { MailEnv } from '../config';
import type { Db } from '../db';
import { readStoredCheck } from '../paperless/check-connection';
import { readDefaultPolicy } from '../rules/rule-settings';
import { countWaitingOutboxMail } from './waiting-mail';
import { hourBuckets, overviewWarnings, type OverviewFacts, type OverviewWarning } from './warnings';

export type Overview = {
  counts: { pendingSignups: number; activeUsers: number; currentBans: number; failedSignIns24h: number };
  failedByHour: { start: Date; end: Date; count: number }[];
  warnings: OverviewWarning[];
};

export async function loadOverview(db: Db, env: Pick<MailEnv, 'smtp' | 'outboxDir'>, now = new Date()): Promise<Overview> {
  const buckets = hourBuckets(now);
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const failed = { type: 'auth.sign_in', outcome: 'failure' } as const;
  const [pendingSignups, activeUsers, currentBans, failedSignIns24h, byHour, connection, admins, defaultPolicy, outbox] = await Promise.all([
    db.user.count({ where: { status: 'pending' } }),
    db.user.count({ where: { status: 'active' } }),
    db.credentialLock.count({ where: { liftedAt: null, until: { gt: now } } }),
    db.auditEvent.count({ where: { ...failed, createdAt: { gte: since, lte: now } } }),
    // One range count per hour on the (type, createdAt) index: bounded work even under attack.
    Promise.all(buckets.map((b) => db.auditEvent.count({ where: { ...failed, createdAt: { gte: b.start, lt: b.end } } }))),
    db.paperlessConnection.findUnique({ where: { id: 'default' }, select: { lastCheck: true, lastCheckAt: true } }),
    db.user.findMany({
      where: { status: 'active', groups: { some: { group: { name: ADMIN_GROUP } } }, secondFactors: { none: {} } },
      select: { username: true },
      orderBy: { username: 'asc' },
      take: 50,
    }),
    readDefaultPolicy(db),
    // With SMTP nothing waits: the outbox only holds mail from before SMTP was configured.
    env.smtp ? Promise.resolve(0) : countWaitingOutboxMail(db, env.outboxDir, now).catch(() => 0),
  ]);
  const check = connection ? readStoredCheck(connection.lastCheck) : null;
  const facts: OverviewFacts = {
    smtpConfigured: Boolean(env.smtp),
    outboxMessagesWaiting: outbox,
    paperless: {
      configured: Boolean(connection),
      lastCheckOk: check ? check.ok : null,
      checkedAt: check?.checkedAt ?? connection?.lastCheckAt?.toISOString() ?? null,
    },
    adminsWithoutSecondFactor: admins.map((a) => a.username),
    defaultPolicy,
  };
  return {
    counts: { pendingSignups, activeUsers, currentBans, failedSignIns24h },
    failedByHour: buckets.map((b, i) => ({ ...b, count: byHour[i]! })),
    warnings: overviewWarnings(facts),
  };
}
