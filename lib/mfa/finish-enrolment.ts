/**
 * What adding an authenticator app (enroll-totp) and a WebAuthn credential (enroll-webauthn)
 * share, after the factor-change link was confirmed: the factor, the first recovery codes when
 * the user has none and the audit events commit together; a notice is mailed afterwards.
 *
 * The session's level (lib/auth/assurance.ts): only the user's FIRST factor lifts the session to
 * two factors — its code or ceremony is the only factor proof there is, made in this session —
 * and then every other session of the user, all made with one factor, ends in the same
 * transaction. A user who already has a factor needs a two-factor session to add another (decided
 * again here, inside the transaction), and adding it proves nothing new about the session.
 */
import { logEvent } from '../audit/log-event';
import type { Db, Tx } from '../db';
import type { MailEnv, PortalEnv, SecondFactorEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { effectiveLevel } from '../auth/assurance';
import { endOtherOneFactorSessions } from '../sessions/revoke-session';
import { FACTOR_AMR } from '../sessions/amr';
import { upgradeSession } from '../sessions/upgrade-session';
import { consumeGrant } from './factor-grant';
import { countRecoveryCodes, replaceRecoveryCodes } from './recovery-code-store';

type EnrollUser = { id: string; username: string; email: string; displayName: string };
export type EnrollContext = {
  grant: string;
  user: EnrollUser;
  sessionId: string;
  browserId: string | null;
  meta: RequestMeta;
  env: PortalEnv & SecondFactorEnv & MailEnv & SecretsEnv;
  now?: Date;
};
export type Enrolled = {
  factorId: string;
  recoveryCodes: string[] | null;
  /** It was the user's first factor: this session became two-factor and `endedSessions` others ended. */
  first: boolean;
  endedSessions: number;
};

export const SECOND_FACTOR_FIRST = 'Confirm your second factor first: you already have one, and adding another needs a two-factor sign-in.';

/** Commits the new factor (made by `create`) with the grant's use, recovery codes and audit events. */
export async function finishEnrolment(
  db: Db,
  input: EnrollContext & { name: string },
  grantId: string,
  now: Date,
  what: string,
  create: (tx: Tx) => Promise<string>,
): Promise<Enrolled> {
  const actor = { id: input.user.id, name: input.user.username };
  const { factorId, recoveryCodes, ended, first } = await db.$transaction(async (tx) => {
    // The grant first: of several uses at once, the others learn that this one is used up.
    await consumeGrant(tx, grantId, now);
    const prior = await tx.secondFactor.count({ where: { userId: input.user.id } });
    if (prior > 0) {
      const session = await tx.session.findUnique({ where: { id: input.sessionId }, select: { level: true, factorProvenAt: true, revokedAt: true } });
      if (!session || session.revokedAt || effectiveLevel(session) !== 'two_factor') throw new AppError('FORBIDDEN', SECOND_FACTOR_FIRST);
    }
    const factorId = await create(tx);
    await logEvent(tx, {
      type: 'mfa.factor_added',
      actor,
      target: { type: 'factor', id: factorId, name: input.name },
      meta: input.meta,
      data: { kind: what, first: prior === 0 },
    });
    // The first factor comes with recovery codes, shown once.
    const codes =
      (await countRecoveryCodes(tx, input.user.id)).unused === 0
        ? await replaceRecoveryCodes(tx, { userId: input.user.id, key: input.env.secrets.signingKey, now })
        : null;
    if (codes)
      await logEvent(tx, { type: 'mfa.recovery_codes_generated', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { count: codes.length } });
    if (prior > 0) return { factorId, recoveryCodes: codes, tokenHash: null, ended: [] as string[], first: false };
    // The user just proved their only factor here: this session is two-factor; the others, made
    // with the password alone (perhaps someone else's), end.
    const added = await tx.secondFactor.findUnique({ where: { id: factorId }, select: { kind: true } });
    const tokenHash = await upgradeSession(tx, input.sessionId, now, added ? FACTOR_AMR[added.kind] : undefined);
    const ended = await endOtherOneFactorSessions(tx, { userId: input.user.id, keepSessionId: input.sessionId, actor, meta: input.meta, now });
    return { factorId, recoveryCodes: codes, tokenHash, ended, first: true };
  });
  await deliverMail(
    {
      to: input.user.email,
      ...factorChangeMail({
        appName: input.env.appName,
        displayName: input.user.displayName,
        change: 'added',
        factorName: input.name,
        securityUrl: `${input.env.url}/security`,
      }),
    },
    input.env,
  ).catch((error: unknown) => console.error('[gatehouse] could not send the factor-added notice:', (error as Error).message));
  return { factorId, recoveryCodes, first, endedSessions: ended.length };
}
