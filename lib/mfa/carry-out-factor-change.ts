/**
 * What a usable factor-change link allows, carried out inside the caller's transaction (with its
 * audit events), once the link has been consumed there: adding a factor returns a short grant to
 * finish the enrolment; removing one and new recovery codes happen right here. Shared by the
 * emailed link's button (confirm-factor-change-link) and an approved request
 * (continue-factor-change-request).
 */
import { logEvent, type AuditParty } from '../audit/log-event';
import { sealSecret, sha256Hex } from '../crypto';
import type { Tx } from '../db';
import type { MailEnv, PortalEnv, SecretsEnv } from '../config';
import { AppError } from '../errors';
import type { RequestMeta } from '../http/request-meta-types';
import { issueOneTimeToken } from '../links/one-time-token';
import { deliverMail } from '../mail/transport';
import { factorChangeMail, type FactorChangeAction } from '../mail/templates/second-factor';
import { GRANT_TTL_MS } from './factor-grant';
import { replaceRecoveryCodes } from './recovery-code-store';
import { generateTotpSecret } from './totp';

export type FactorChangeOutcome =
  | { kind: 'grant'; action: 'add_totp' | 'add_webauthn'; grant: string; returnTo: string | null }
  | { kind: 'removed'; factorName: string }
  | { kind: 'recovery-codes'; codes: string[] };

export type ChangeUser = { id: string; username: string; email: string; displayName: string };
export type ChangeEnv = PortalEnv & MailEnv & SecretsEnv;

export async function carryOutFactorChange(
  tx: Tx,
  input: {
    change: { action: FactorChangeAction; factorId: string | null; returnTo: string | null };
    user: ChangeUser;
    browserId: string;
    meta: RequestMeta;
    env: ChangeEnv;
    now: Date;
  },
): Promise<FactorChangeOutcome> {
  const actor: AuditParty = { id: input.user.id, name: input.user.username };
  const { action, factorId, returnTo } = input.change;
  switch (action) {
    case 'add_totp':
    case 'add_webauthn': {
      const data =
        action === 'add_totp'
          ? JSON.stringify({ secret: sealSecret(generateTotpSecret(), input.env.secrets.encryptionKey, `totp:${input.user.id}`) })
          : undefined;
      const { token } = await issueOneTimeToken(tx, {
        purpose: 'factor_grant',
        userId: input.user.id,
        ttlMs: GRANT_TTL_MS,
        now: input.now,
        deviceHash: sha256Hex(input.browserId),
        action,
        data,
      });
      return { kind: 'grant', action, grant: token, returnTo };
    }
    case 'remove_factor': {
      const factor = factorId
        ? await tx.secondFactor.findFirst({ where: { id: factorId, userId: input.user.id }, select: { id: true, name: true, kind: true } })
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
      const codes = await replaceRecoveryCodes(tx, { userId: input.user.id, key: input.env.secrets.signingKey, now: input.now });
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
}

/** After a removal, a notice to the user; a failed delivery does not undo the removal. */
export async function noticeAfterChange(outcome: FactorChangeOutcome, input: { user: ChangeUser; env: ChangeEnv }): Promise<void> {
  if (outcome.kind !== 'removed') return;
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
