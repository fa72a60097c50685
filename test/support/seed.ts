/** Sessions and rules written straight into a test database (users: see fixtures.ts). */
import type { Db } from '../../lib/db';
import { EMPTY_RULE } from '../../lib/policy/empty-rule';
import type { TRuleInput } from '../../lib/policy/types';
import { createRule } from '../../lib/rules/create-rule';
import { setDefaultPolicy } from '../../lib/rules/set-default-policy';
import { createSession } from '../../lib/sessions/create-session';
import type { AuthLevel } from '../../lib/sessions/session-policy';

const SEEDER = { actor: { id: 'seed', name: 'seed' }, meta: { ip: null, userAgent: 'seed' } };

/** A session cookie value for `userId`, optionally already expired, idle or revoked. */
export async function seedSession(
  db: Db,
  input: { userId: string; level?: AuthLevel; expiresAt?: Date; lastSeenAt?: Date; revokedAt?: Date },
): Promise<string> {
  const { token, sessionId } = await createSession(db, {
    userId: input.userId,
    level: input.level ?? 'one_factor',
    meta: SEEDER.meta,
    maxAgeMs: 24 * 3_600_000,
  });
  if (input.expiresAt || input.lastSeenAt || input.revokedAt) {
    await db.session.update({
      where: { id: sessionId },
      data: {
        ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
        ...(input.lastSeenAt ? { lastSeenAt: input.lastSeenAt } : {}),
        ...(input.revokedAt ? { revokedAt: input.revokedAt } : {}),
      },
    });
  }
  return token;
}

/** Appends rules in order (through the same code the admin pages use) and sets the default. */
export async function seedRules(db: Db, rules: Partial<TRuleInput>[], defaultPolicy?: TRuleInput['policy']): Promise<void> {
  for (const rule of rules) await createRule(db, { rule: { ...EMPTY_RULE, ...rule }, ...SEEDER });
  if (defaultPolicy) await setDefaultPolicy(db, { policy: defaultPolicy, ...SEEDER });
}
