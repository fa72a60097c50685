/**
 * The keys that sign ID tokens. One current RS256 key (the default) and one current ES256 key
 * (selectable per client) are generated at first start; an admin rotates them from /admin/oidc.
 * A rotated key stops signing at once but its public half stays in the JWKS until every token it
 * signed has expired (`removeAfter`), so relying parties that cached the old key keep verifying.
 * Private halves are sealed with AES-256-GCM under the instance key (a database dump alone does
 * not reveal them); the public halves are stored in clear for the admin page.
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { logEvent, type AuditParty } from '../audit/log-event';
import type { SecretsEnv } from '../config';
import { openSecret, randomToken, sealSecret, sha256Hex } from '../crypto';
import { type Db, type DbOrTx, dialectOf, type Tx } from '../db';
import type { RequestMeta } from '../http/request-meta-types';

export const SIGNING_ALGS = ['RS256', 'ES256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** A retired key stays published at least this long (ID tokens used as id_token_hint at logout outlive their expiry a little). */
const MIN_PUBLISH_AFTER_RETIRE_MS = 24 * 60 * 60 * 1000;

export type SigningKeyInfo = {
  kid: string;
  alg: SigningAlg;
  createdAt: Date;
  retiredAt: Date | null;
  removeAfter: Date | null;
  /** It signs new tokens (the newest unretired key of its alg). */
  current: boolean;
};

export type SigningJwk = JsonWebKey & { kid: string; alg: SigningAlg; use: 'sig' };

const sealContext = (kid: string) => `oidc-signing-key:${kid}`;

function generateJwk(alg: SigningAlg): { privateJwk: SigningJwk; publicJwk: SigningJwk } {
  const kid = randomToken(12);
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const extra = { kid, alg, use: 'sig' as const };
  return {
    privateJwk: { ...pair.privateKey.export({ format: 'jwk' }), ...extra },
    publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), ...extra },
  };
}

/**
 * Key changes are serialised: between PostgreSQL instances by a transaction-scoped advisory lock
 * (SQLite transactions already are), so two instances starting together or two admins rotating at
 * once never leave two unretired keys of one alg.
 */
async function lockKeys(db: Db, tx: Tx): Promise<void> {
  if (dialectOf(db) === 'postgresql')
    await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l', 'gatehouse.oidc_keys');
}

async function insertKey(tx: Tx, alg: SigningAlg, env: SecretsEnv, now: Date): Promise<string> {
  const { privateJwk, publicJwk } = generateJwk(alg);
  await tx.oidcSigningKey.create({
    data: {
      id: privateJwk.kid,
      alg,
      privateJwk: sealSecret(JSON.stringify(privateJwk), env.secrets.encryptionKey, sealContext(privateJwk.kid)),
      publicJwk: JSON.stringify(publicJwk),
      createdAt: now,
    },
  });
  return privateJwk.kid;
}

/** At start: a current key for every alg that has none. Audited when it generated any. */
export async function ensureSigningKeys(db: Db, env: SecretsEnv, now = new Date()): Promise<string[]> {
  return db.$transaction(async (tx) => {
    await lockKeys(db, tx);
    const current = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { alg: true } });
    const missing = SIGNING_ALGS.filter((alg) => !current.some((key) => key.alg === alg));
    const kids: string[] = [];
    for (const alg of missing) kids.push(await insertKey(tx, alg, env, now));
    if (kids.length) await logEvent(tx, { type: 'oidc.keys_generated', data: { kids: kids.join(' '), algs: missing.join(' ') } });
    return kids;
  });
}

/** Replaces every current key; the old ones stay published until the longest token they signed expires. */
export async function rotateSigningKeys(db: Db, input: { actor: AuditParty; meta: RequestMeta; env: SecretsEnv; now?: Date }): Promise<{ kids: string[] }> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    await lockKeys(db, tx);
    const longest = await tx.oidcClient.aggregate({ _max: { idTokenTtl: true, accessTokenTtl: true } });
    const lifetimeMs = Math.max(longest._max.idTokenTtl ?? 0, longest._max.accessTokenTtl ?? 0) * 1000;
    const removeAfter = new Date(now.getTime() + Math.max(lifetimeMs, MIN_PUBLISH_AFTER_RETIRE_MS));
    const retired = await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now, removeAfter } });
    const kids: string[] = [];
    for (const alg of SIGNING_ALGS) kids.push(await insertKey(tx, alg, input.env, now));
    await logEvent(tx, {
      type: 'oidc.keys_rotated',
      actor: input.actor,
      meta: input.meta,
      data: { kids: kids.join(' '), retired: retired.count, publishedUntil: removeAfter.toISOString() },
    });
    return { kids };
  });
}

function isPublished(key: { retiredAt: Date | null; removeAfter: Date | null }, now: Date): boolean {
  return key.retiredAt === null || (key.removeAfter !== null && key.removeAfter > now);
}

/** Newest first; current keys before retired ones. */
async function publishedRows(db: DbOrTx, now: Date) {
  const rows = await db.oidcSigningKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  const published = rows.filter((row) => isPublished(row, now));
  return [...published.filter((row) => row.retiredAt === null), ...published.filter((row) => row.retiredAt !== null)];
}

/**
 * The private JWKS for oidc-provider: the current RS256 key first (the library signs with the
 * first key of an alg), the current ES256 key, then every retired key still published.
 */
export async function loadSigningJwks(db: DbOrTx, env: SecretsEnv, now = new Date()): Promise<{ keys: SigningJwk[] }> {
  const rows = await publishedRows(db, now);
  const ordered = [...rows].sort(
    (a, b) =>
      Number(a.retiredAt !== null) - Number(b.retiredAt !== null) || SIGNING_ALGS.indexOf(a.alg as SigningAlg) - SIGNING_ALGS.indexOf(b.alg as SigningAlg),
  );
  return {
    keys: ordered.map((row) => JSON.parse(openSecret(row.privateJwk, env.secrets.encryptionKey, sealContext(row.id))) as SigningJwk),
  };
}

/** For the admin page: every key, with what it does now. */
export async function listSigningKeys(db: DbOrTx, now = new Date()): Promise<SigningKeyInfo[]> {
  const rows = await db.oidcSigningKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  const currentByAlg = new Map<string, string>();
  for (const row of rows) if (row.retiredAt === null && !currentByAlg.has(row.alg)) currentByAlg.set(row.alg, row.id);
  return rows
    .filter((row) => isPublished(row, now))
    .map((row) => ({
      kid: row.id,
      alg: row.alg as SigningAlg,
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
      removeAfter: row.removeAfter,
      current: currentByAlg.get(row.alg) === row.id,
    }));
}

/** Changes whenever the published set changes (a rotation here or on another instance, a key expiring). */
export async function signingKeysFingerprint(db: DbOrTx, now = new Date()): Promise<string> {
  const rows = await db.oidcSigningKey.findMany({ select: { id: true, retiredAt: true, removeAfter: true }, orderBy: { id: 'asc' } });
  return sha256Hex(
    rows
      .filter((row) => isPublished(row, now))
      .map((row) => `${row.id}:${row.retiredAt ? 'r' : 'c'}`)
      .join(','),
  );
}
