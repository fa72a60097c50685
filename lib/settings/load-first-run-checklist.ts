/**
 * The first-run checklist on the admin overview, each item read from real state: the public
 * URL and cookie domain confirmed (saved in Settings, or fixed in the environment), mail set up
 * or the outbox chosen, a first application, and the admin's own second factor.
 */
import { getEnv, storableSources } from '../config';
import type { Db } from '../db';
import { CHECKLIST_DISMISSED_KEY, MAIL_MODE_KEY, PORTAL_CONFIRMED_KEY } from './keys';

export type ChecklistItemId = 'portal' | 'mail' | 'application' | 'second-factor';
export type ChecklistItem = { id: ChecklistItemId; done: boolean };
export type FirstRunChecklist = { items: ChecklistItem[]; complete: boolean; dismissed: boolean };

export async function loadFirstRunChecklist(db: Db, input: { userId: string }): Promise<FirstRunChecklist> {
  const sources = storableSources();
  const [marks, applications, factors] = await Promise.all([
    db.setting.findMany({ where: { key: { in: [MAIL_MODE_KEY, PORTAL_CONFIRMED_KEY, CHECKLIST_DISMISSED_KEY] } }, select: { key: true, value: true } }),
    db.application.count(),
    db.secondFactor.count({ where: { userId: input.userId } }),
  ]);
  const mark = (key: string) => marks.find((m) => m.key === key)?.value;
  const fixedByOperator = (name: 'GATEHOUSE_URL' | 'GATEHOUSE_SMTP_HOST') => sources[name] === 'environment' || sources[name] === 'file';
  const items: ChecklistItem[] = [
    { id: 'portal', done: mark(PORTAL_CONFIRMED_KEY) === 'true' || fixedByOperator('GATEHOUSE_URL') },
    { id: 'mail', done: getEnv().smtp !== null || mark(MAIL_MODE_KEY) === 'outbox' },
    { id: 'application', done: applications > 0 },
    { id: 'second-factor', done: factors > 0 },
  ];
  const complete = items.every((item) => item.done);
  return { items, complete, dismissed: mark(CHECKLIST_DISMISSED_KEY) === 'true' };
}
