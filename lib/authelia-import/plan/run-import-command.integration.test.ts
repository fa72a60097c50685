import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutheliaFixture, AutheliaFixtureOptions } from '../../../test/support/authelia/authelia-folder';
import { openImportFixture } from '../../../test/support/authelia/import-fixture';
import { registeredCredential } from '../../../test/support/authelia/webauthn-row';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, type TestDatabase } from '../../../test/support/test-db';
import type { TestEnv } from '../../../test/support/test-env';
import { verifyPassword } from '../../auth/password/password-hash';
import { runImportAutheliaCommand } from './run-import-command';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe.each(DIALECTS)('npm run import:authelia on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let fixture: AutheliaFixture;
  let close = async () => {};
  beforeAll(async () => {
    const key = await registeredCredential({ username: 'anna', description: 'YubiKey', rpId: 'family.example' });
    const folder: AutheliaFixtureOptions = {
      users: [
        { username: 'anna', password: 'anna old password', scheme: 'sha512crypt', displayName: 'Anna', email: 'anna@family.example', groups: ['family'] },
        { username: 'hank', password: 'x', scheme: 'pbkdf2-sha256', email: 'hank@example.test' },
      ],
      totp: [{ username: 'anna', secret: SECRET, algorithm: 'SHA256', digits: 8, period: 60 }],
      webauthn: [key.row],
    };
    const env = { GATEHOUSE_URL: 'https://auth.family.example', GATEHOUSE_WEBAUTHN_RP_ID: 'family.example' };
    ({ t, testEnv, fixture, close } = await openImportFixture(dialect, { env, folder }));
    await createTestUser(t.db, { username: 'hank' });
  });
  afterAll(() => close());
  const run = (...args: string[]) => runImportAutheliaCommand(t.db, testEnv.env, args);

  it('prints the dry-run report without a secret and changes nothing', async () => {
    const result = await run(fixture.dir);
    expect(result.code).toBe(0);
    const text = result.lines.join('\n');
    expect(text).toMatch(/create\s+anna — new user Anna <anna@family.example>/);
    expect(text).toMatch(/skip\s+hank/);
    expect(text).toMatch(/SHA256, 8 digits, 60 s/);
    expect(text).toMatch(/Dry run: nothing was changed/);
    for (const secret of [SECRET, fixture.encryptionKey, fixture.smtpPassword, 'anna old password']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$6\$/);
    expect(await t.db.user.count({ where: { username: 'anna' } })).toBe(0);
  });

  it('refuses bad arguments with the usage', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(fixture.dir, '--on-conflict', 'merge')).lines[0]).toMatch(/needs --merge-consent/);
    expect((await run(fixture.dir, '--bogus')).code).toBe(2);
  });

  it('says clearly when the folder cannot be read, and imports nothing', async () => {
    const result = await run(fixture.dir, '--apply', '--file-var', 'AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE=/run/secrets/SESSION_SECRET');
    expect(result).toEqual({ code: 1, lines: [expect.stringMatching(/storage encryption key does not decrypt/), 'Nothing was imported.'] });
    expect(await t.db.user.count({ where: { username: 'anna' } })).toBe(0);
  });

  it('imports with --apply, and a second run changes nothing', async () => {
    const first = await run(fixture.dir, '--apply');
    expect(first.code).toBe(0);
    expect(first.lines.join('\n')).toMatch(/Imported \(one transaction/);
    const anna = await t.db.user.findUnique({
      where: { username: 'anna' },
      select: { id: true, passwordHash: true, secondFactors: { select: { kind: true, totpDigits: true } } },
    });
    expect(await verifyPassword(anna!.passwordHash, 'anna old password')).toBe(true);
    expect(anna!.secondFactors.map((f) => f.kind).sort()).toEqual(['totp', 'webauthn']);
    const events = await t.db.auditEvent.count();
    const second = await run(fixture.dir, '--apply');
    expect(second.code).toBe(0);
    expect(second.lines.join('\n')).toMatch(/Nothing to change/);
    expect(await t.db.auditEvent.count()).toBe(events);
  });
});
