/** Who an application can be opened by, for the form's picker: active users and every group, by name. */
import type { DbOrTx } from '../db';
import { listGroupNames } from '../groups/list-group-names';

export const MAX_SUBJECT_CHOICES = 1000;

export async function listSubjectChoices(db: DbOrTx): Promise<{ groups: string[]; users: string[] }> {
  const users = await db.user.findMany({ where: { status: 'active' }, orderBy: { username: 'asc' }, select: { username: true }, take: MAX_SUBJECT_CHOICES });
  return { groups: await listGroupNames(db), users: users.map((u) => u.username) };
}
