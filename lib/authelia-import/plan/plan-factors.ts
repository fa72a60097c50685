/**
 * Authenticator apps and security keys: each belongs to an imported user; a security key only
 * when it was registered for Gatehouse's own RP ID (a WebAuthn credential is bound to the RP ID
 * it was made for and would not work under another); one already in Gatehouse is "unchanged".
 */
import { openSecret } from '../../crypto';
import type { DbOrTx } from '../../db';
import type { AutheliaTotp, AutheliaWebAuthn, ImportPlan, PlanEnv } from '../types';
import type { ImportedUser } from './plan-users';

const NAME_MAX = 60;
const clip = (text: string) => (text.length > NAME_MAX ? `${text.slice(0, NAME_MAX - 1)}…` : text);

function owner(imported: Map<string, ImportedUser>, username: string): { user: ImportedUser } | { skip: string } {
  const user = imported.get(username.toLowerCase());
  return user ? { user } : { skip: `the user ${username} is not imported` };
}

export async function planTotp(db: DbOrTx, rows: AutheliaTotp[], imported: Map<string, ImportedUser>, env: PlanEnv): Promise<ImportPlan['totp']> {
  const existingIds = [...imported.values()].flatMap((u) => (u.existingUserId ? [u.existingUserId] : []));
  const existing = await db.secondFactor.findMany({ where: { kind: 'totp', userId: { in: existingIds } }, select: { userId: true, secret: true } });
  return rows.map((row) => {
    const found = owner(imported, row.username);
    const key = row.username.toLowerCase();
    const name = clip(`Authenticator app${row.issuer ? ` (${row.issuer})` : ''}`);
    const data = {
      username: 'user' in found ? found.user.username : key,
      secret: row.secret,
      algorithm: row.algorithm,
      digits: row.digits,
      period: row.period,
      name,
      createdAt: row.createdAt,
    };
    if ('skip' in found) return { key, action: 'skip', reason: found.skip, detail: 'not imported', data };
    const params = `${row.algorithm}, ${row.digits} digits, ${row.period} s`;
    const userId = found.user.existingUserId;
    const already =
      userId !== null &&
      existing.some((f) => {
        if (f.userId !== userId || !f.secret) return false;
        try {
          return openSecret(f.secret, env.encryptionKey, `totp:${userId}`) === row.secret;
        } catch {
          return false;
        }
      });
    if (already) return { key, action: 'unchanged', detail: `already in Gatehouse (${params})`, data };
    const kept = row.algorithm !== 'SHA1' || row.digits !== 6 || row.period !== 30 ? ' — kept as they are; new enrolments use SHA1, 6 digits, 30 s' : '';
    return { key, action: 'create', detail: `authenticator app for ${data.username}: ${params}${kept}`, data };
  });
}

export async function planWebAuthn(db: DbOrTx, rows: AutheliaWebAuthn[], imported: Map<string, ImportedUser>, env: PlanEnv): Promise<ImportPlan['webauthn']> {
  const existing = await db.secondFactor.findMany({
    where: { credentialId: { in: rows.map((r) => r.credentialId) } },
    select: { credentialId: true, userId: true },
  });
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.credentialId, (seen.get(row.credentialId) ?? 0) + 1);
  return rows.map((row) => {
    const found = owner(imported, row.username);
    const key = row.credentialId;
    const data = {
      username: 'user' in found ? found.user.username : row.username.toLowerCase(),
      name: clip(row.description || 'Security key'),
      credentialId: row.credentialId,
      publicKey: row.publicKey,
      counter: row.signCount,
      aaguid: row.aaguid,
      transports: row.transports,
      userHandle: row.userHandle,
      discoverable: row.discoverable,
      deviceType: row.backupEligible ? ('multiDevice' as const) : ('singleDevice' as const),
      backedUp: row.backupState,
      createdAt: row.createdAt,
    };
    const label = `${JSON.stringify(data.name)} of ${data.username}`;
    if ((seen.get(row.credentialId) ?? 0) > 1)
      return { key, action: 'refused', reason: 'the same credential id appears more than once in the storage', detail: label, data };
    if (row.rpId !== env.webauthnRpId) {
      return {
        key,
        action: 'refused',
        reason: `registered for the RP ID ${row.rpId}, but Gatehouse's is ${env.webauthnRpId}: the key would not work here; it has to be registered again`,
        detail: label,
        data,
      };
    }
    if ('skip' in found) return { key, action: 'skip', reason: found.skip, detail: label, data };
    const there = existing.find((e) => e.credentialId === row.credentialId);
    if (there && there.userId === found.user.existingUserId) return { key, action: 'unchanged', detail: `${label}: already in Gatehouse`, data };
    if (there) return { key, action: 'refused', reason: 'this credential is already registered to another Gatehouse user', detail: label, data };
    const kind = row.discoverable ? 'passkey' : 'security key';
    return { key, action: 'create', detail: `${kind} ${label} (${row.rpId}, sign count ${row.signCount})`, data };
  });
}
