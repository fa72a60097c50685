/** The rules editor changes hand-written rules only: a rule an application wrote is edited through it. */
import type { DbOrTx } from '../db';
import { AppError } from '../errors';

export async function assertHandWritten(db: DbOrTx, id: string): Promise<void> {
  const rule = await db.accessRule.findUnique({ where: { id }, select: { application: { select: { name: true } } } });
  if (!rule) throw new AppError('NOT_FOUND', 'That rule no longer exists: another admin may have deleted it.');
  if (rule.application) throw new AppError('CONFLICT', `This rule is managed by the application "${rule.application.name}": edit it there.`);
}
