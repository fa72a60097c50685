/**
 * What every application write shares: one lock (so two admins saving at once cannot both take
 * a host: SQLite serialises transactions already, PostgreSQL takes a transaction-scoped advisory
 * lock), and rewriting the application's generated access rules in the same transaction.
 */
import { dialectOf, type Db, type Tx } from '../db';
import { AppError } from '../errors';
import { ruleToColumns } from '../rules/rule-codec';
import { isUniqueViolation } from '../users/assert-identity-free';
import { applicationRules } from './application-rules';
import type { TApplicationInput } from './types';

/** Runs `work` in one transaction holding the applications lock. A lost race on the slug is a clear error. */
export async function inApplicationsTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = dialectOf(db) === 'postgresql';
  try {
    return await db.$transaction(async (tx) => {
      if (postgres) await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', 'gatehouse.applications');
      return work(tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'Another application has this short name now. Choose another.', 'slug');
    throw error;
  }
}

/** Replaces the application's generated rules by those it implies now; returns how many. */
export async function writeApplicationRules(tx: Tx, applicationId: string, input: TApplicationInput): Promise<number> {
  await tx.accessRule.deleteMany({ where: { applicationId } });
  const rules = applicationRules(input);
  for (const [index, rule] of rules.entries()) {
    await tx.accessRule.create({ data: { ...ruleToColumns(rule), position: index + 1, applicationId }, select: { id: true } });
  }
  return rules.length;
}

/** The application's name, or a clear "not found". */
export async function existingApplication(tx: Tx, id: string): Promise<{ id: string; name: string; slug: string; iconType: string | null }> {
  const app = await tx.application.findUnique({ where: { id }, select: { id: true, name: true, slug: true, iconType: true } });
  if (!app) throw new AppError('NOT_FOUND', 'That application no longer exists: another admin may have deleted it.');
  return app;
}
