/**
 * The admin page's path, end to end below the browser, on SQLite and PostgreSQL: a fixture folder
 * built with independent tools (test/support/authelia: Debian's argon2 and mkpasswd, passlib, and
 * Authelia's encryption for TOTP seeds and WebAuthn keys) goes through the dry run (staged,
 * read, planned, reported without a secret) and the import; the same folder imported again
 * changes no row and writes no event; a wrong storage encryption key is a clear error and leaves
 * nothing written and nothing staged.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutheliaFixture, AutheliaFixtureOptions } from '../../../test/support/authelia/authelia-folder';
import { importCensus, openImportFixture } from '../../../test/support/authelia/import-fixture';
import { registeredCredential } from '../../../test/support/authelia/webauthn-row';
import { finishAuthentication, startAuthentication } from '../../mfa/webauthn/authentication';
import { DIALECTS, type TestDatabase } from '../../../test/support/test-db';
import type { TestEnv } from '../../../test/support/test-env';
import { openSecret } from '../../crypto';
import { DEFAULT_CHOICES } from '../types';
import { dryRunAutheliaImport } from './dry-run-import';
import { importStagedAuthelia } from './import-staged';
import { stagedDirOf } from './staging';

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV';
const PASSWORD = 'mia old authelia password';

const census = importCensus;

describe.each(DIALECTS)('importing an Authelia folder on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let fixture: AutheliaFixture;
  let admin: { id: string; name: string };
  let key: Awaited<ReturnType<typeof registeredCredential>>;
  let close = async () => {};
  beforeAll(async () => {
    key = await registeredCredential({ username: 'mia', description: 'YubiKey', rpId: 'family.example', discoverable: true });
    const folder: AutheliaFixtureOptions = {
      users: [{ username: 'mia', password: PASSWORD, scheme: 'argon2id', displayName: 'Mia', email: 'mia@family.example', groups: ['family'] }],
      totp: [{ username: 'mia', secret: TOTP_SECRET, algorithm: 'SHA512', digits: 8, period: 60 }],
      webauthn: [key.row],
    };
    const env = { GATEHOUSE_URL: 'https://auth.family.example', GATEHOUSE_WEBAUTHN_RP_ID: 'family.example' };
    ({ t, testEnv, admin, fixture, close } = await openImportFixture(dialect, { env, admin: true, folder }));
  }, 120_000);
  afterAll(() => close());
  const dryRun = (secrets = {}) =>
    dryRunAutheliaImport(t.db, { source: { kind: 'folder', path: fixture.dir }, secrets, choices: DEFAULT_CHOICES, actor: admin, env: testEnv.env });
  const importIt = (stagingId: string) =>
    importStagedAuthelia(t.db, { stagingId, choices: DEFAULT_CHOICES, actor: admin, meta: { ip: '203.0.113.5', userAgent: 'vitest' }, env: testEnv.env });

  it('refuses a wrong storage encryption key clearly, writing and keeping nothing', async () => {
    const before = await census(t.db);
    await expect(dryRun({ storageEncryptionKey: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/encryption key/i),
    });
    expect(await census(t.db)).toBe(before);
  });

  it('dry run, import, and the same folder again changes nothing', async () => {
    const before = await census(t.db);
    const first = await dryRun();
    expect(await census(t.db)).toBe(before);
    const text = JSON.stringify(first);
    for (const secret of [TOTP_SECRET, fixture.smtpPassword, fixture.encryptionKey]) expect(text).not.toContain(secret);
    expect(first.report.counts.users).toEqual({ create: 1 });
    expect(first.proxy.changes[0]).toMatchObject({ proxy: 'nginx', from: expect.stringContaining('authelia:9091') });
    const dir = stagedDirOf(first.stagingId);
    expect(dir).toBeNull(); // a server folder is read where it is, nothing is copied

    const result = await importIt(first.stagingId);
    expect(result.changed).toBe(true);
    // Every setting does what the dry run said it would.
    const outcomeOf = { create: 'created', update: 'updated', unchanged: 'unchanged', skip: 'skipped', refused: 'refused', conflict: 'skipped' } as const;
    expect(first.report.categories.settings.find((s) => s.key === 'GATEHOUSE_URL')).toMatchObject({ action: 'skip' });
    expect(Object.fromEntries(result.items.settings.map((i) => [i.key, i.outcome]))).toEqual(
      Object.fromEntries(first.report.categories.settings.map((s) => [s.key, outcomeOf[s.action]])),
    );
    expect(result.counts).toMatchObject({
      users: { created: 1 },
      passwords: { created: 1 },
      totp: { created: 1 },
      webauthn: { created: 1 },
      oidcClients: { created: 1 },
    });
    const mia = await t.db.user.findUniqueOrThrow({ where: { username: 'mia' }, select: { id: true, passwordHash: true } });
    expect(mia.passwordHash).toMatch(/^\$argon2id\$/);
    const totp = await t.db.secondFactor.findFirstOrThrow({
      where: { userId: mia.id, kind: 'totp' },
      select: { secret: true, totpAlgorithm: true, totpDigits: true, totpPeriod: true },
    });
    expect(openSecret(totp.secret!, testEnv.env.secrets.encryptionKey, `totp:${mia.id}`)).toBe(TOTP_SECRET);
    expect(totp).toMatchObject({ totpAlgorithm: 'SHA512', totpDigits: 8, totpPeriod: 60 });
    // The passkey keeps Authelia's user handle (webauthn_users.userid's bytes) and signs in usernameless.
    const passkey = await t.db.secondFactor.findFirstOrThrow({ where: { userId: mia.id, kind: 'webauthn' }, select: { userHandle: true } });
    expect(passkey.userHandle).toBe(Buffer.from(key.row.userId, 'utf8').toString('base64url'));
    const rp = { rpId: 'family.example', rpName: 'Family', origin: 'https://auth.family.example' };
    const options = await startAuthentication(t.db, { rp, userId: null });
    const response = key.authenticator.assert({ challenge: options.challenge, rpId: rp.rpId, origin: rp.origin });
    expect(await finishAuthentication(t.db, { rp, response, expectedUserId: null })).toMatchObject({ ok: true, userId: mia.id });
    await expect(importIt(first.stagingId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const after = await census(t.db);
    const again = await dryRun();
    // The dry run says what the import then does: GATEHOUSE_URL, which this test's environment sets, is skipped (the environment wins).
    expect(Object.values(again.report.counts).every((c) => !c.create && !c.update)).toBe(true);
    expect(again.report.categories.settings.find((s) => s.key === 'GATEHOUSE_URL')).toMatchObject({
      action: 'skip',
      reason: expect.stringMatching(/environment, which wins/),
    });
    const second = await importIt(again.stagingId);
    expect(second.changed).toBe(false);
    expect(second.items.settings.find((i) => i.key === 'GATEHOUSE_URL')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/environment, which wins/),
    });
    expect(await census(t.db)).toBe(after);
  });

  it('stages uploaded files in a folder of their own, removed after the import', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const staged = await dryRunAutheliaImport(t.db, {
      source: {
        kind: 'upload',
        files: {
          configuration: readFileSync(join(fixture.dir, 'configuration.yml'), 'utf8'),
          usersDatabase: readFileSync(join(fixture.dir, 'users_database.yml'), 'utf8'),
          storageDb: new Uint8Array(readFileSync(join(fixture.dir, 'authelia.db'))),
        },
      },
      secrets: { storageEncryptionKey: fixture.encryptionKey, smtpPassword: fixture.smtpPassword },
      choices: DEFAULT_CHOICES,
      actor: admin,
      env: testEnv.env,
    });
    const dir = stagedDirOf(staged.stagingId)!;
    expect(existsSync(dir)).toBe(true);
    expect(staged.report.counts.users).toEqual({ unchanged: 1 });
    expect((await importIt(staged.stagingId)).changed).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
