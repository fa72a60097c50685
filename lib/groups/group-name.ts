import { AppError } from '../errors';
import { ZGroupName } from '../users/schemas';

/** A group name from a form, or an INVALID error on `field`. */
export function parseGroupName(raw: string, field = 'name'): string {
  const parsed = ZGroupName.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID', parsed.error.issues[0]?.message ?? 'That is not a valid group name.', field);
  return parsed.data;
}
