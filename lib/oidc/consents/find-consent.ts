/**
 * Whether a user already allowed a client everything it asks for now, so the consent screen is
 * asked once per user, client and scopes (again only when the client asks for more).
 */
import type { DbOrTx } from '../../db';
import { canonicalScopes } from '../scopes';

export async function findConsentedScopes(db: DbOrTx, userId: string, clientId: string): Promise<Set<string>> {
  const row = await db.oidcConsent.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { scopes: true } });
  return new Set(row ? row.scopes.split(' ').filter(Boolean) : []);
}

/** True when every requested scope is covered by what the user allowed before. */
export async function hasConsentFor(db: DbOrTx, userId: string, clientId: string, requested: Iterable<string>): Promise<boolean> {
  const allowed = await findConsentedScopes(db, userId, clientId);
  return canonicalScopes(requested)
    .split(' ')
    .filter(Boolean)
    .every((scope) => allowed.has(scope));
}
