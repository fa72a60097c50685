/**
 * Usernameless sign-in with a passkey (a discoverable WebAuthn credential): one step, and the
 * session is two-factor at once (possession of the key, plus the user verification it asks for).
 *
 * Regulation: the attempt is admitted, for the client address and the user the credential id
 * names (if any) together, before the assertion is looked at; a failure counts against both.
 */
import { logEvent } from '../../audit/log-event';
import type { Db } from '../../db';
import type { PortalEnv, RegulationEnv, SecondFactorEnv, SessionEnv } from '../../config';
import { AppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';
import { finishAuthentication, startAuthentication } from '../../mfa/webauthn/authentication';
import { relyingPartyOf } from '../../mfa/webauthn/relying-party';
import { admitCredentialCheck, banMessage, refusalMessage } from '../../regulation/credentials';
import type { NewSession } from '../../sessions/create-session';
import { startSession } from '../start-session';

export function passkeySignInOptions(db: Db, input: { env: PortalEnv & SecondFactorEnv; now?: Date }) {
  return startAuthentication(db, { rp: relyingPartyOf(input.env), userId: null, now: input.now });
}

export async function signInWithPasskey(
  db: Db,
  input: {
    response: Parameters<typeof finishAuthentication>[1]['response'];
    meta: RequestMeta;
    env: PortalEnv & SecondFactorEnv & RegulationEnv & SessionEnv;
    now?: Date;
  },
): Promise<NewSession & { userId: string }> {
  const now = input.now ?? new Date();
  // The credential may name a user before anything is verified: check (and count) them too.
  const credentialId = input.response?.id;
  const factor =
    typeof credentialId === 'string' && credentialId.length <= 1400
      ? await db.secondFactor.findUnique({ where: { credentialId }, select: { userId: true } })
      : null;
  const admission = await admitCredentialCheck(db, { userId: factor?.userId, ip: input.meta.ip, policy: input.env.regulation, meta: input.meta, now });
  if (!admission.admitted) {
    await logEvent(db, { type: 'auth.sign_in', outcome: 'failure', meta: input.meta, data: { method: 'passkey', reason: 'banned' } });
    throw new AppError('RATE_LIMITED', refusalMessage(admission, input.now ?? new Date()));
  }
  const result = await finishAuthentication(db, { rp: relyingPartyOf(input.env), response: input.response, expectedUserId: null, now });
  if (!result.ok) {
    const { lockedUntil } = await admission.attempt.failed({
      now,
      record: (tx) => logEvent(tx, { type: 'auth.sign_in', outcome: 'failure', meta: input.meta, data: { method: 'passkey', reason: result.reason } }),
    });
    if (lockedUntil) throw new AppError('RATE_LIMITED', banMessage(lockedUntil, input.now ?? new Date()));
    throw new AppError(
      'UNAUTHORIZED',
      result.reason === 'unknown-credential'
        ? 'This passkey is not registered here. Sign in with your password, then add it on the Security page.'
        : result.message,
    );
  }
  await admission.attempt.passed();
  const user = await db.user.findUnique({ where: { id: result.userId }, select: { id: true, username: true, status: true } });
  const started = await startSession(db, {
    party: { id: result.userId, name: user?.username ?? result.userId },
    account: user,
    method: 'passkey',
    level: 'two_factor',
    amr: ['hwk', 'user'],
    meta: input.meta,
    maxAgeMs: input.env.session.maxAgeMs,
    now,
  });
  if (!started.ok) throw new AppError('FORBIDDEN', started.refusal.message);
  return { ...started.session, userId: result.userId };
}
