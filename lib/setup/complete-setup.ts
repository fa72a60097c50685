/**
 * Uses the setup link: creates the first admin (active, in the `admins` group) and signs them in,
 * in one transaction with its audit events. A used, expired or raced link changes nothing, and of
 * several setups at once (one link used twice, or two live links) exactly one makes an admin.
 *
 * The same transaction grants the new admin their first second factor in this browser: the
 * setup link already proves what a factor-change link would (whoever holds it chose the password
 * a moment ago), and with no SMTP server yet an emailed link could reach nobody. So a first run
 * needs no mail and no file on the server to get an admin with two factors.
 */
import { logEvent } from '../audit/log-event';
import { sealSecret, sha256Hex } from '../crypto';
import { ADMIN_GROUP } from '../auth/account-gate';
import { checkPasswordStrength } from '../auth/password-policy';
import { hashPassword } from '../auth/password/password-hash';
import type { Db } from '../db';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken, describeUnusableLink, inspectOneTimeToken, issueOneTimeToken } from '../links/one-time-token';
import { GRANT_TTL_MS } from '../mfa/factor-grant';
import { generateTotpSecret } from '../mfa/totp';
import { createSession, type NewSession } from '../sessions/create-session';
import { ensureGroups } from '../users/ensure-groups';
import { assertIdentityFree } from '../users/assert-identity-free';
import { adminExists, lockSetup } from './issue-setup-link';

export async function completeSetup(
  db: Db,
  input: {
    token: string;
    username: string;
    email: string;
    displayName: string;
    password: string;
    meta: RequestMeta;
    sessionMaxAgeMs: number;
    /** The browser's id (lib/mfa/browser-id.ts): the first-factor grant works only there. */
    browserId: string;
    encryptionKey: Buffer;
    now?: Date;
  },
): Promise<NewSession & { userId: string; totpGrant: string }> {
  const strength = checkPasswordStrength(input.password, input);
  if (!strength.ok) throw new AppError('INVALID', strength.message, 'password');
  const before = await inspectOneTimeToken(db, input.token, 'setup', input.now);
  if (before.status !== 'ok') throw new AppError('GONE', describeUnusableLink(before.status).title);
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(input.password);
  const now = input.now ?? new Date();

  return db.$transaction(async (tx) => {
    // One setup at a time: the next sees this one's admin and stops.
    await lockSetup(db, tx);
    if (await adminExists(tx)) throw new AppError('CONFLICT', 'Setup is already complete: an administrator exists. Sign in instead.');
    if (!(await consumeOneTimeToken(tx, before.row.id, now))) {
      throw new AppError('GONE', 'This setup link has just been used or has expired.');
    }
    await assertIdentityFree(tx, { username: input.username, email: input.email });
    const user = await tx.user.create({
      data: {
        username: input.username,
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        status: 'active',
        statusChangedAt: now,
        lastSignInAt: now,
      },
      select: { id: true, username: true },
    });
    const [admins] = await ensureGroups(tx, [ADMIN_GROUP]);
    await tx.userGroup.create({ data: { userId: user.id, groupId: admins!.id } });
    const actor = { id: user.id, name: user.username };
    await logEvent(tx, {
      type: 'setup.completed',
      actor,
      target: { type: 'user', ...actor },
      meta: input.meta,
      data: { firstFactor: 'authenticator app granted in this browser' },
    });
    const session = await createSession(tx, {
      userId: user.id,
      level: 'one_factor',
      proof: 'password',
      meta: input.meta,
      maxAgeMs: input.sessionMaxAgeMs,
      now,
    });
    await logEvent(tx, { type: 'auth.sign_in', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { method: 'setup' } });
    const { token: totpGrant } = await issueOneTimeToken(tx, {
      purpose: 'factor_grant',
      userId: user.id,
      ttlMs: GRANT_TTL_MS,
      now,
      deviceHash: sha256Hex(input.browserId),
      action: 'add_totp',
      data: JSON.stringify({ secret: sealSecret(generateTotpSecret(), input.encryptionKey, `totp:${user.id}`) }),
    });
    return { ...session, userId: user.id, totpGrant };
  });
}
