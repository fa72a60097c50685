/**
 * Moves an application one place up or down: the launcher order, and the order its generated
 * rules are evaluated in (after every hand-written rule), so the rules version changes too.
 */
import type { Actor } from '../actions/actor';
import { logEvent } from '../audit/log-event';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { NO_REQUEST_META, type RequestMeta } from '../http/request-meta-types';
import { bumpRulesVersion } from '../rules/rules-version';
import { inApplicationsTransaction } from './application-writes';

/** Positions 1…n in the current order, or in `ids` when given. */
export async function renumberApplications(tx: Tx, ids?: string[]): Promise<void> {
  const order = ids ?? (await tx.application.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { id: true } })).map((a) => a.id);
  for (const [index, id] of order.entries()) await tx.application.update({ where: { id }, data: { position: index + 1 } });
}

export async function moveApplication(
  db: Db,
  actor: Actor,
  input: { id: string; direction: 'up' | 'down' },
  meta: RequestMeta = NO_REQUEST_META,
): Promise<void> {
  await inApplicationsTransaction(db, async (tx) => {
    const apps = await tx.application.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { id: true, name: true } });
    const from = apps.findIndex((a) => a.id === input.id);
    if (from < 0) throw new AppError('NOT_FOUND', 'That application no longer exists: another admin may have deleted it.');
    const to = input.direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= apps.length) return false;
    const order = apps.map((a) => a.id);
    [order[from], order[to]] = [order[to]!, order[from]!];
    await renumberApplications(tx, order);
    await bumpRulesVersion(tx);
    await logEvent(tx, {
      type: 'application.moved',
      actor,
      target: { type: 'application', id: input.id, name: apps[from]!.name },
      meta,
      data: { from: from + 1, to: to + 1 },
    });
    return true;
  });
}
