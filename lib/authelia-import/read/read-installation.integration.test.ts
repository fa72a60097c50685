import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type AutheliaFixture, type AutheliaFixtureOptions, buildAutheliaFolder } from '../../../test/support/authelia/authelia-folder';
import { registeredCredential } from '../../../test/support/authelia/webauthn-row';
import { readAutheliaInstallation } from './read-installation';
import { WRONG_KEY } from './storage-rows';

const PG_URL = process.env.GATEHOUSE_TEST_PG_URL;
const SECRET_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SECRET_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV';
const fixtures: AutheliaFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

async function fixture(options: AutheliaFixtureOptions = {}): Promise<AutheliaFixture> {
  const built = await buildAutheliaFolder(options);
  fixtures.push(built);
  return built;
}

async function family(options: AutheliaFixtureOptions = {}) {
  const key = await registeredCredential({ username: 'anna', description: 'YubiKey', rpId: 'family.example', discoverable: true });
  const built = await fixture({
    users: [
      { username: 'anna', password: 'anna password', scheme: 'argon2id', displayName: 'Anna', email: 'Anna@Family.example', groups: ['family', 'admins'] },
      { username: 'ben', password: 'ben password', scheme: 'sha512crypt', email: 'ben@family.example', groups: ['family'], disabled: true },
    ],
    totp: [
      { username: 'anna', secret: SECRET_A },
      { username: 'ben', secret: SECRET_B, algorithm: 'SHA256', digits: 8, period: 60 },
    ],
    webauthn: [key.row],
    ...options,
  });
  return { built, key };
}

describe('reading an Authelia folder', () => {
  it('reads users, TOTP (decrypted), WebAuthn, settings and OIDC clients from a 4.39 folder with .secrets', async () => {
    const { built, key } = await family();
    const installation = await readAutheliaInstallation({ kind: 'folder', path: built.dir });
    expect(installation.storage).toEqual({ kind: 'sqlite', path: 'authelia.db', schemaVersion: 24 });
    expect(installation.users.map((u) => [u.username, u.email, u.groups, u.disabled, u.displayName])).toEqual([
      ['anna', 'anna@family.example', ['family', 'admins'], false, 'Anna'],
      ['ben', 'ben@family.example', ['family'], true, 'ben'],
    ]);
    expect(installation.users[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(installation.users[1]!.passwordHash).toMatch(/^\$6\$/);
    expect(installation.totp.map((t) => [t.username, t.secret, t.algorithm, t.digits, t.period])).toEqual([
      ['anna', SECRET_A, 'SHA1', 6, 30],
      ['ben', SECRET_B, 'SHA256', 8, 60],
    ]);
    const [credential] = installation.webauthn;
    expect(credential).toMatchObject({ username: 'anna', rpId: 'family.example', description: 'YubiKey', discoverable: true, transports: ['usb', 'nfc'] });
    // Authelia's user handle: the bytes of webauthn_users.userid for (rpid, username).
    expect(credential?.userHandle).toBe(Buffer.from(key.row.userId, 'utf8').toString('base64url'));
    expect(credential!.credentialId).toBe(key.authenticator.credentialId);
    expect(credential!.publicKey).toBe(Buffer.from(key.row.publicKey).toString('base64url'));
    expect(installation.settings.session).toEqual({
      domains: ['family.example'],
      autheliaUrls: ['https://auth.family.example'],
      expirationMs: 86_400_000,
      inactivityMs: 7_200_000,
      rememberMeMs: 30 * 86_400_000,
    });
    expect(installation.settings.regulation).toEqual({ maxRetries: 4, findTimeMs: 180_000, banTimeMs: 900_000 });
    expect(installation.settings.totp.issuer).toBe('Family Auth');
    expect(installation.settings.smtp).toMatchObject({ host: 'mail.family.example', port: 587, secure: false, password: built.smtpPassword });
    expect(installation.settings.accessControl?.defaultPolicy).toBe('deny');
    expect(installation.settings.accessControl?.rules).toHaveLength(2);
    expect(installation.oidcClients[0]).toMatchObject({ clientId: 'paperless', public: false, consentMode: 'implicit' });
    expect(installation.oidcClients[0]!.secretDigest).toMatch(/^\$pbkdf2-sha512\$/);
  });

  it.each([25, 26])('decrypts a database at schema %i (HKDF key, values bound to table, column and row)', async (schemaVersion) => {
    const { built } = await family({ schemaVersion });
    const installation = await readAutheliaInstallation({ kind: 'folder', path: built.dir });
    expect(installation.storage).toMatchObject({ schemaVersion });
    expect(installation.totp.map((t) => t.secret)).toEqual([SECRET_A, SECRET_B]);
    expect(installation.webauthn).toHaveLength(1);
  });

  it('takes the key from the configuration, from the file a *_FILE variable names, or from the admin', async () => {
    const inline = await fixture({ keyIn: 'configuration', totp: [{ username: 'anna', secret: SECRET_A }] });
    expect((await readAutheliaInstallation({ kind: 'folder', path: inline.dir })).totp[0]!.secret).toBe(SECRET_A);

    const named = await fixture({ totp: [{ username: 'anna', secret: SECRET_A }] });
    writeFileSync(join(named.dir, '.secrets', 'my_key'), `${named.encryptionKey}\n`);
    writeFileSync(join(named.dir, '.secrets', 'STORAGE_ENCRYPTION_KEY'), 'the wrong one');
    const fileVariables = { AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE: '/run/secrets/my_key' };
    expect((await readAutheliaInstallation({ kind: 'folder', path: named.dir, fileVariables })).totp[0]!.secret).toBe(SECRET_A);
    const given = await readAutheliaInstallation({ kind: 'folder', path: named.dir, secrets: { storageEncryptionKey: named.encryptionKey } });
    expect(given.totp[0]!.secret).toBe(SECRET_A);
  });

  it('reads uploaded files the same way', async () => {
    const { built } = await family();
    const installation = await readAutheliaInstallation({
      kind: 'upload',
      configuration: readFileSync(join(built.dir, 'configuration.yml'), 'utf8'),
      usersDatabase: readFileSync(join(built.dir, 'users_database.yml'), 'utf8'),
      storageDb: readFileSync(built.storageDb!),
      secrets: { storageEncryptionKey: built.encryptionKey },
    });
    expect(installation.source).toEqual({ kind: 'upload' });
    expect(installation.totp).toHaveLength(2);
    expect(installation.users).toHaveLength(2);
  });

  it.runIf(PG_URL)('reads a PostgreSQL storage, its password from .secrets/STORAGE_PASSWORD', async () => {
    const { built } = await family({ postgresServerUrl: PG_URL });
    const installation = await readAutheliaInstallation({ kind: 'folder', path: built.dir });
    expect(installation.storage).toMatchObject({ kind: 'postgres', schemaVersion: 24 });
    expect(installation.totp.map((t) => t.secret)).toEqual([SECRET_A, SECRET_B]);
    expect(installation.webauthn).toHaveLength(1);
  });

  it('says MySQL storage is not supported, and still reads users and settings', async () => {
    const built = await fixture({
      users: [{ username: 'anna', password: 'x', scheme: 'sha256crypt' }],
      configure: (config) => {
        config.storage = { mysql: { address: 'tcp://db:3306', database: 'authelia', username: 'authelia' } };
      },
    });
    const installation = await readAutheliaInstallation({ kind: 'folder', path: built.dir });
    expect(installation.storage).toMatchObject({ kind: 'none', reason: expect.stringContaining('MySQL') });
    expect(installation.users).toHaveLength(1);
  });
});

describe('refusing bad input', () => {
  it('refuses a wrong storage encryption key with a clear error, whatever the schema', async () => {
    for (const schemaVersion of [24, 26]) {
      const { built } = await family({ schemaVersion });
      await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir, secrets: { storageEncryptionKey: 'not the key' } })).rejects.toThrow(WRONG_KEY);
    }
  });

  it('detects a wrong key on the first secret when the check value is missing', async () => {
    const { built } = await family();
    new Database(built.storageDb!).exec("DELETE FROM encryption WHERE name = 'check'");
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir, secrets: { storageEncryptionKey: 'nope' } })).rejects.toThrow(WRONG_KEY);
  });

  it('refuses a truncated database file', async () => {
    const { built } = await family();
    truncateSync(built.storageDb!, 3000);
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(/damaged or truncated|cannot be read/);
  });

  it('refuses a file that is not a database', async () => {
    const { built } = await family();
    writeFileSync(built.storageDb!, 'SQLite format 2\0 definitely not');
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(/not a SQLite database|cannot be opened/);
  });

  it('refuses a database whose encrypted secret was altered, naming the row', async () => {
    const { built } = await family();
    const db = new Database(built.storageDb!);
    const row = db.prepare("SELECT secret FROM totp_configurations WHERE username = 'ben'").get() as { secret: Buffer };
    row.secret[20]! ^= 0x01;
    db.prepare("UPDATE totp_configurations SET secret = ? WHERE username = 'ben'").run(row.secret);
    db.close();
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(
      /TOTP secret of "ben" does not decrypt although the key is right/,
    );
  });

  it('refuses a YAML alias bomb in either file', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const { built } = await family();
    appendFileSync(join(built.dir, 'configuration.yml'), `\n${bomb}\n`);
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(/expansion bomb/);
    const other = await fixture({ users: [{ username: 'anna', password: 'x', scheme: 'sha256crypt' }] });
    appendFileSync(join(other.dir, 'users_database.yml'), `${bomb.replace(/^/gm, '')}\n`);
    await expect(readAutheliaInstallation({ kind: 'folder', path: other.dir })).rejects.toThrow(/users_database.yml: refused, its aliases expand too far/);
  });

  it('refuses 10 MB of YAML before reading it', async () => {
    const built = await fixture({ users: [{ username: 'anna', password: 'x', scheme: 'sha256crypt' }] });
    const users = parse(readFileSync(join(built.dir, 'users_database.yml'), 'utf8'));
    users.padding = 'x'.repeat(10 * 1024 * 1024);
    writeFileSync(join(built.dir, 'users_database.yml'), stringify(users));
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(/larger than 1024 KiB/);
    writeFileSync(join(built.dir, 'configuration.yml'), `# ${'y'.repeat(10 * 1024 * 1024)}\n`);
    await expect(readAutheliaInstallation({ kind: 'folder', path: built.dir })).rejects.toThrow(/larger than 1024 KiB/);
    await expect(
      readAutheliaInstallation({ kind: 'upload', configuration: `# ${'y'.repeat(10 * 1024 * 1024)}`, usersDatabase: null, storageDb: null }),
    ).rejects.toThrow(/larger than 1 MiB/);
  });

  it('never reads a file outside the folder, even when the configuration names one', async () => {
    const built = await fixture({
      users: [{ username: 'anna', password: 'x', scheme: 'sha256crypt' }],
      configure: (config) => {
        config.authentication_backend = { file: { path: '../../etc/passwd' } };
      },
    });
    const installation = await readAutheliaInstallation({ kind: 'folder', path: built.dir });
    expect(installation.users).toEqual([]);
    expect(installation.problems.map((p) => p.message).join()).toMatch(/passwd .* was not found/);
  });
});
