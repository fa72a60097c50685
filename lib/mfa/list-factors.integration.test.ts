/**
 * The factor list's labels from what is stored, on both dialects: a passkey (discoverable or
 * synced), a security key (the browser said not discoverable), and a credential stored before
 * discoverability was recorded (migration 0008), which cannot be told apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../test/support/fixtures';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { listFactors } from './list-factors';

describe.each(DIALECTS)('the factor list on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('labels each WebAuthn credential by what is known of it', async () => {
    const user = await createTestUser(t.db);
    const rows = [
      { name: 'Phone', deviceType: 'multiDevice', backedUp: true, discoverable: null },
      { name: 'Laptop', deviceType: 'singleDevice', backedUp: false, discoverable: true },
      { name: 'Blue key', deviceType: 'singleDevice', backedUp: false, discoverable: false },
      { name: 'Old key', deviceType: 'singleDevice', backedUp: false, discoverable: null },
    ];
    for (const [i, row] of rows.entries()) {
      await t.db.secondFactor.create({
        data: {
          userId: user.id,
          kind: 'webauthn',
          credentialId: `cred-${user.id}-${i}`,
          publicKey: 'pk',
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
          ...row,
        },
      });
    }
    await t.db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'App', secret: 'sealed', createdAt: new Date(Date.UTC(2026, 0, 9)) } });
    expect((await listFactors(t.db, user.id)).map((f) => [f.name, f.label])).toEqual([
      ['Phone', 'Passkey'],
      ['Laptop', 'Passkey'],
      ['Blue key', 'Security key'],
      ['Old key', 'Security key or passkey'],
      ['App', 'Authenticator app'],
    ]);
  });
});
