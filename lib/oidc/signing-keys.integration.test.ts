/**
 * Signing keys on both dialects: generated once at start, sealed at rest, rotated with the old
 * public key published until removeAfter, and the JWKS order oidc-provider relies on (the current
 * key of each alg first). Tokens signed before a rotation still verify with the published JWKS.
 */
import { createPublicKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { burst } from '../concurrency/burst';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { ensureSigningKeys, listSigningKeys, loadSigningJwks, rotateSigningKeys, signingKeysFingerprint } from './signing-keys';

const env = { secrets: { encryptionKey: Buffer.alloc(32, 7), signingKey: Buffer.alloc(32, 8) } };
const who = { actor: { id: 'admin-1', name: 'admin' }, meta: { ip: '127.0.0.1', userAgent: 'vitest' }, env };

describe.each(DIALECTS)('OIDC signing keys on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('generates one RS256 and one ES256 key once, sealed at rest, and audits it', async () => {
    const first = await ensureSigningKeys(t.db, env);
    expect(first).toHaveLength(2);
    expect(await ensureSigningKeys(t.db, env)).toEqual([]);
    const rows = await t.db.oidcSigningKey.findMany();
    expect(rows.map((r) => r.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const row of rows) {
      expect(row.privateJwk.startsWith('v1.')).toBe(true);
      expect(row.privateJwk).not.toContain('"d"');
      expect(JSON.parse(row.publicJwk)).not.toHaveProperty('d');
    }
    const events = await t.db.auditEvent.findMany({ where: { type: 'oidc.keys_generated' } });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).not.toMatch(/"d"|BEGIN/);
  });

  it('puts the current RS256 key first, then ES256, each a usable private JWK', async () => {
    const { keys } = await loadSigningJwks(t.db, env);
    expect(keys.map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    for (const key of keys) {
      expect(key.d).toBeTruthy();
      expect(createPublicKey({ key: key as NodeJwk, format: 'jwk' }).type).toBe('public');
    }
  });

  it('rotation: new keys sign, old public keys stay published until removeAfter, then leave', async () => {
    const before = await loadSigningJwks(t.db, env);
    const printBefore = await signingKeysFingerprint(t.db);
    const now = new Date();
    const { kids } = await rotateSigningKeys(t.db, { ...who, now });
    const after = await loadSigningJwks(t.db, env, now);
    expect(after.keys.slice(0, 2).map((k) => k.kid)).toEqual(kids);
    expect(
      after.keys
        .slice(2)
        .map((k) => k.kid)
        .sort(),
    ).toEqual(before.keys.map((k) => k.kid).sort());
    expect(await signingKeysFingerprint(t.db, now)).not.toBe(printBefore);
    const listed = await listSigningKeys(t.db, now);
    expect(
      listed
        .filter((k) => k.current)
        .map((k) => k.kid)
        .sort(),
    ).toEqual([...kids].sort());
    const retired = listed.filter((k) => !k.current);
    expect(retired).toHaveLength(2);
    const day = 24 * 60 * 60 * 1000;
    for (const key of retired) expect(key.removeAfter!.getTime() - now.getTime()).toBeGreaterThanOrEqual(day);
    const later = new Date(retired[0]!.removeAfter!.getTime() + 1);
    expect((await loadSigningJwks(t.db, env, later)).keys.map((k) => k.kid)).toEqual(kids);
    const audit = await t.db.auditEvent.findMany({ where: { type: 'oidc.keys_rotated' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorName).toBe('admin');
  });

  it('a key sealed under another instance key does not open', async () => {
    await expect(loadSigningJwks(t.db, { secrets: { ...env.secrets, encryptionKey: Buffer.alloc(32, 9) } })).rejects.toThrow();
  });

  it('concurrent rotations all succeed and leave exactly one unretired key per alg, which signs', async () => {
    const results = await burst(4, () => rotateSigningKeys(t.db, who));
    expect(results.refused).toEqual([]);
    expect(await t.db.oidcSigningKey.count({ where: { retiredAt: null } })).toBe(2);
    const { keys } = await loadSigningJwks(t.db, env);
    const listed = await listSigningKeys(t.db);
    const current = listed.filter((k) => k.current);
    expect(current.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(keys[0]?.kid).toBe(current.find((k) => k.alg === 'RS256')?.kid);
    // Every key the JWKS publishes is a distinct kid that verifies as a public key.
    expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length);
  });
});
