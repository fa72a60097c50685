/**
 * Ending what Gatehouse issued through OpenID Connect. Every object oidc-provider stores (provider
 * sessions, grants, codes, access and refresh tokens) is a row of OidcPayload carrying the user
 * (`accountId`) and the client (`clientId`), so revoking is one delete that runs inside the
 * caller's transaction: a user's disable or delete, a consent revoked, an admin revoking a client.
 * The next token, userinfo or introspection call finds nothing and fails as the spec says
 * (invalid_grant / invalid_token / active: false).
 */
import type { Tx } from '../db';

/** Models that belong to one user: the provider session and everything issued under a grant. */
const USER_MODELS = ['Session', 'Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken', 'BackchannelAuthenticationRequest'];

/** Everything issued to the user, for every client (disable, delete). Returns the rows removed. */
export async function revokeOidcForUser(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.oidcPayload.deleteMany({ where: { accountId: userId, model: { in: USER_MODELS } } });
  return count;
}

/** Everything one client holds (the admin's "revoke all tokens", a client deleted). */
export async function revokeOidcForClient(tx: Tx, clientId: string): Promise<number> {
  const { count } = await tx.oidcPayload.deleteMany({ where: { clientId, model: { in: USER_MODELS.filter((m) => m !== 'Session') } } });
  return count;
}

/** What one user gave one client (a consent revoked from the Security page). */
export async function revokeOidcForUserAndClient(tx: Tx, userId: string, clientId: string): Promise<number> {
  const { count } = await tx.oidcPayload.deleteMany({
    where: { accountId: userId, clientId, model: { in: USER_MODELS.filter((m) => m !== 'Session') } },
  });
  return count;
}
