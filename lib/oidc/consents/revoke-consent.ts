/**
 * A user takes back what they allowed an app ("Revoke access" on the Security page): the consent
 * is deleted, every grant, code and token the client holds for the user is revoked
 * (lib/oidc/revoke-grants.ts), and the audit event commits with them, in one transaction. The
 * next sign-in through that app asks for consent again. Revoking twice (two tabs, a double
 * click) revokes once: the second finds nothing and says so.
 */
import { logEvent, type AuditParty } from '../../audit/log-event';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import type { RequestMeta } from '../../http/request-meta-types';
import { revokeOidcForUserAndClient } from '../revoke-grants';

export const ALREADY_REVOKED_MESSAGE = 'That app has no access to your account any more.';

export async function revokeConsent(
  db: Db,
  input: { userId: string; clientId: string; actor: AuditParty; meta: RequestMeta },
): Promise<{ clientName: string; tokensRevoked: number }> {
  return db.$transaction(async (tx) => {
    const consent = await tx.oidcConsent.findUnique({
      where: { userId_clientId: { userId: input.userId, clientId: input.clientId } },
      select: { id: true, scopes: true, client: { select: { name: true } } },
    });
    if (!consent) throw new AppError('GONE', ALREADY_REVOKED_MESSAGE);
    // The delete decides who revoked it: a concurrent revoke waits for this row and then deletes nothing.
    const { count } = await tx.oidcConsent.deleteMany({ where: { id: consent.id } });
    if (count !== 1) throw new AppError('GONE', ALREADY_REVOKED_MESSAGE);
    const tokensRevoked = await revokeOidcForUserAndClient(tx, input.userId, input.clientId);
    await logEvent(tx, {
      type: 'oidc.consent_revoked',
      actor: input.actor,
      target: { type: 'oidc_client', id: input.clientId, name: consent.client.name },
      meta: input.meta,
      data: { scopes: consent.scopes, revoked: tokensRevoked },
    });
    return { clientName: consent.client.name, tokensRevoked };
  });
}
