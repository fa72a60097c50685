/** Hides the completed first-run checklist for every admin (stored, audited); refused while an item is still open. */
import { type AuditParty, logEvent } from '../audit/log-event';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { CHECKLIST_DISMISSED_KEY } from './keys';
import { loadFirstRunChecklist } from './load-first-run-checklist';

/** Hides the checklist for every admin; refused while an item is still open. */
export async function dismissFirstRunChecklist(db: Db, input: { userId: string; actor: AuditParty; meta?: RequestMeta }): Promise<void> {
  const checklist = await loadFirstRunChecklist(db, { userId: input.userId });
  if (!checklist.complete) throw new AppError('CONFLICT', 'Finish every item of the checklist first.');
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: CHECKLIST_DISMISSED_KEY }, create: { key: CHECKLIST_DISMISSED_KEY, value: 'true' }, update: { value: 'true' } });
    await logEvent(tx, {
      type: 'settings.checklist_dismissed',
      actor: input.actor,
      target: { type: 'setting', id: CHECKLIST_DISMISSED_KEY, name: 'First-run checklist' },
      meta: input.meta,
    });
  });
}
