/**
 * The button behind a factor-change link: uses the link (once, in the browser that asked) and
 * carries out what it allows, in one transaction with its audit events. Adding a factor returns a
 * short grant to finish the enrolment; removing one and new recovery codes happen right here.
 */
import { logEvent } from '../audit/log-event';
import { sealSecret, sha256Hex } from '../crypto';
import type { Db } from '../db';
import type { MailEnv, PortalEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { consumeOneTimeToken, issueOneTimeToken } from '../links/one-time-token';
import { deliverMail } from '../mail/transport';
import { factorChangeMail } from '../mail/templates/second-factor';
import { GRANT_TTL_MS } from './factor-grant';
import { FACTOR_CHANGE_LINK_PROBLEMS, inspectFactorChangeLink } from './inspect-factor-change-link';
import { replaceRecoveryCodes } from './recovery-code-store';
import { generateTotpSecret } from './totp';

export type FactorChangeOutcome =
  | { kind: 'grant'; action: 'add_totp' | 'add_webauthn'; grant: string; returnTo: string | null }
  | { kind: 'removed'; factorName: string }
  | { kind: 'recovery-codes'; codes: string[] };

type LinkUser = { id: string; username: string; email: string; displayName: string };

export async function confirmFactorChangeLink(
  db: Db,
  input: { token: string; user: LinkUser; browserId: string | null; meta: RequestMeta; env: PortalEnv & MailEnv & SecretsEnv; now?: Date },
): Promise<FactorChangeOutcome> {
  const now = input.now ?? new Date();
  const state = await inspectFactorChangeLink(db, { token: input.token, userId: input.user.id, browserId: input.browserId, now });
  const actor = { id: input.user.id, name: input.user.username };
  if (state.status !== 'ok') {
    await logEvent(db, { type: 'mfa.device_link_used', outcome: 'failure', actor, meta: input.meta, data: { reason: state.status } });
    throw new AppError(
      state.status === 'other-browser' || state.status === 'other-user' ? 'FORBIDDEN' : 'GONE',
      `${FACTOR_CHANGE_LINK_PROBLEMS[state.status].title}. ${FACTOR_CHANGE_LINK_PROBLEMS[state.status].message}`,
    );
  }
  const browserId = input.browserId!;
  const outcome = await db.$transaction(async (tx): Promise<FactorChangeOutcome> => {
    await consumeFactorChangeLink(tx, { linkId: state.id, userId: input.user.id, browserId, now });
    await logEvent(tx, { type: 'mfa.device_link_used', actor, target: { type: 'user', ...actor }, meta: input.meta, data: { action: state.action } });
    switch (state.action) {
      case 'add_totp':
      case 'add_webauthn': {
        const data =
          state.action === 'add_totp'
            ? JSON.stringify({ secret: sealSecret(generateTotpSecret(), input.env.secrets.encryptionKey, `totp:${input.user.id}`) })
            : undefined;
        const { token } = await issueOneTimeToken(tx, {
          purpose: 'factor_grant',
          userId: input.user.id,
          ttlMs: GRANT_TTL_MS,
          now,
          deviceHash: sha256Hex(browserId),
          action: state.action,
          data,
        });
        return { kind: 'grant', action: state.action, grant: token, returnTo: state.returnTo };
      }
      case 'remove_factor': {
        const factor = state.factorId
          ? await tx.secondFactor.findFirst({ where: { id: state.factorId, userId: input.user.id }, select: { id: true, name: true, kind: true } })
          : null;
        if (!factor) throw new AppError('NOT_FOUND', 'That second factor no longer exists.');
        await tx.secondFactor.delete({ where: { id: factor.id } });
        await logEvent(tx, {
          type: 'mfa.factor_removed',
          actor,
          target: { type: 'factor', id: factor.id, name: factor.name },
          meta: input.meta,
          data: { kind: factor.kind },
        });
        return { kind: 'removed', factorName: factor.name };
      }
      case 'recovery_codes': {
        const codes = await replaceRecoveryCodes(tx, { userId: input.user.id, key: input.env.secrets.signingKey, now });
        await logEvent(tx, {
          type: 'mfa.recovery_codes_generated',
          actor,
          target: { type: 'user', ...actor },
          meta: input.meta,
          data: { count: codes.length },
        });
        return { kind: 'recovery-codes', codes };
      }
    }
  });
  if (outcome.kind === 'removed') {
    // A notice after the fact; a failed delivery does not undo the removal.
    await deliverMail(
      {
        to: input.user.email,
        ...factorChangeMail({
          appName: input.env.appName,
          displayName: input.user.displayName,
          change: 'removed',
          factorName: outcome.factorName,
          securityUrl: `${input.env.url}/security`,
        }),
      },
      input.env,
    ).catch((error: unknown) => console.error('[gatehouse] could not send the factor-removed notice:', (error as Error).message));
  }
  return outcome;
}

/**
 * Uses the link inside the caller's transaction: consumes it atomically and checks it is still
 * this user's and this browser's. Throws AppError when it can no longer be used.
 */
async function consumeFactorChangeLink(
  tx: Parameters<Parameters<Db['$transaction']>[0]>[0],
  input: { linkId: string; userId: string; browserId: string; now: Date },
): Promise<void> {
  const row = await tx.oneTimeToken.findUnique({ where: { id: input.linkId }, select: { userId: true, deviceHash: true } });
  if (!row || row.userId !== input.userId || row.deviceHash !== sha256Hex(input.browserId))
    throw new AppError('FORBIDDEN', FACTOR_CHANGE_LINK_PROBLEMS['other-browser'].title);
  if (!(await consumeOneTimeToken(tx, input.linkId, input.now)))
    throw new AppError('GONE', 'This link has just been used or has expired. Ask for a new one on the Security page.');
}
