/** An application form as the admin sent it: the canonical input, or one message per field. */
import type { DbOrTx } from '../db';
import { parseApplicationInput } from './application-schema';
import { findApplicationConflicts } from './check-application-conflicts';
import type { TApplicationInput } from './types';

export async function validateApplicationForm(
  db: DbOrTx,
  value: unknown,
  selfId: string | null,
): Promise<{ ok: true; input: TApplicationInput } | { ok: false; fieldErrors: Record<string, string> }> {
  const parsed = parseApplicationInput(value);
  if (!parsed.ok) return parsed;
  const conflicts = await findApplicationConflicts(db, parsed.input, selfId);
  return Object.keys(conflicts).length ? { ok: false, fieldErrors: conflicts } : parsed;
}
