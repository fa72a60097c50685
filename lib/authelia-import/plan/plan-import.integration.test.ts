import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutheliaFixture, type AutheliaFixtureOptions, OIDC_CLIENT_SECRET } from '../../../test/support/authelia/authelia-folder';
import { openImportFixture } from '../../../test/support/authelia/import-fixture';
import { registeredCredential } from '../../../test/support/authelia/webauthn-row';
import { createTestUser } from '../../../test/support/fixtures';
import { DIALECTS, type TestDatabase } from '../../../test/support/test-db';
import { sealSecret } from '../../crypto';
import type { AutheliaInstallation, ImportChoices, ImportPlan, PlanItem } from '../types';
import { planAutheliaImport } from './plan-import';
import { toImportReport } from './to-report';

const KEY = Buffer.alloc(32, 7);
const ENV = { webauthnRpId: 'family.example', encryptionKey: KEY };
const SECRETS = { anna: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', ben: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV', judy: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' };
const PASSWORDS = ['anna password', 'ben password', 'carl password', 'judy password'];
const SKIP: ImportChoices = { onConflict: 'skip', mergeConsent: false };

const byKey = <D>(items: PlanItem<D>[]) => Object.fromEntries(items.map((i) => [i.key, i.action]));

describe.each(DIALECTS)('planning an Authelia import into Gatehouse on %s', (dialect) => {
  let t: TestDatabase;
  let fixture: AutheliaFixture;
  let installation: AutheliaInstallation;
  let close = async () => {};
  beforeAll(async () => {
    const here = await registeredCredential({ username: 'anna', description: 'YubiKey', rpId: 'family.example' });
    const elsewhere = await registeredCredential({ username: 'anna', description: 'Old key', rpId: 'old.example' });
    const folder: AutheliaFixtureOptions = {
      users: [
        { username: 'anna', password: PASSWORDS[0]!, scheme: 'argon2id', displayName: 'Anna', email: 'anna@family.example', groups: ['family', 'admins'] },
        { username: 'ben', password: PASSWORDS[1]!, scheme: 'sha512crypt', email: 'ben@family.example', groups: ['family'], disabled: true },
        { username: 'carl', password: PASSWORDS[2]!, scheme: 'pbkdf2-sha512', email: 'carl@family.example', groups: ['Bad Group!'] },
        {
          username: 'dora',
          password: 'x',
          scheme: { raw: '$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7' },
          email: 'dora@family.example',
        },
        { username: 'Eve', password: 'x', scheme: 'sha256crypt', email: 'eve1@family.example' },
        { username: 'eve', password: 'x', scheme: 'sha256crypt', email: 'eve2@family.example' },
        { username: 'frank', password: 'x', scheme: 'sha256crypt', email: 'shared@family.example' },
        { username: 'gina', password: 'x', scheme: 'sha256crypt', email: 'shared@family.example' },
        { username: 'hank', password: 'x', scheme: 'sha256crypt', email: 'hank@example.test' },
        { username: 'ivy', password: 'x', scheme: 'sha256crypt', email: 'ivy-old@example.test' },
        { username: 'judy', password: PASSWORDS[3]!, scheme: 'bcrypt-2y', displayName: 'Judy', email: 'judy@example.test', groups: ['family'] },
      ],
      totp: [
        { username: 'anna', secret: SECRETS.anna },
        { username: 'ben', secret: SECRETS.ben, algorithm: 'SHA256', digits: 8, period: 60 },
        { username: 'judy', secret: SECRETS.judy },
        { username: 'zed', secret: SECRETS.anna },
      ],
      webauthn: [here.row, elsewhere.row],
      configure: (config) => {
        const rules = (config.access_control as { rules: unknown[] }).rules;
        rules.push({ domain_regex: '^(a|b)\\.family\\.example$', policy: 'one_factor' });
      },
    };
    ({ t, fixture, installation, close } = await openImportFixture(dialect, { folder, read: true }));
    await createTestUser(t.db, { username: 'hank' });
    await createTestUser(t.db, { username: 'ivy-old' });
    const judy = await createTestUser(t.db, { username: 'judy', displayName: 'Judy', groups: ['family'] });
    await t.db.secondFactor.create({ data: { userId: judy.id, kind: 'totp', name: 'App', secret: sealSecret(SECRETS.judy, KEY, `totp:${judy.id}`) } });
  });
  afterAll(() => close());

  it('says what each user, group and password becomes, refusing duplicates, clashes and unknown hashes', async () => {
    const plan = await planAutheliaImport(t.db, installation, ENV, SKIP);
    expect(byKey(plan.users)).toEqual({
      anna: 'create',
      ben: 'create',
      carl: 'create',
      dora: 'create',
      eve: 'refused',
      frank: 'refused',
      gina: 'refused',
      hank: 'skip',
      ivy: 'skip',
      judy: 'unchanged',
    });
    expect(plan.users.filter((u) => u.key === 'eve').map((u) => u.reason)).toEqual([
      expect.stringMatching(/more than once/),
      expect.stringMatching(/more than once/),
    ]);
    expect(plan.users.find((u) => u.key === 'frank')?.reason).toMatch(/shared@family.example belongs to more than one user/);
    expect(plan.users.find((u) => u.key === 'ivy')?.reason).toMatch(/same email/);
    expect(plan.users.find((u) => u.key === 'ben')?.data).toMatchObject({ disabled: true, groups: ['family'] });
    expect(byKey(plan.passwords)).toMatchObject({ anna: 'create', ben: 'create', carl: 'create', dora: 'refused', hank: 'skip', judy: 'unchanged' });
    expect(plan.passwords.find((p) => p.key === 'dora')?.reason).toMatch(/yescrypt/);
    expect(plan.passwords.find((p) => p.key === 'carl')?.data.format).toBe('pbkdf2-sha512');
    expect(byKey(plan.groups)).toEqual({ admins: 'create', family: 'unchanged', 'bad group!': 'refused' });
    expect(plan.groups.find((g) => g.key === 'admins')?.detail).toMatch(/administrators/);
    expect(plan.applicable).toBe(true);
  });

  it('imports TOTP and WebAuthn for imported users only, and a security key only for Gatehouse RP ID', async () => {
    const plan = await planAutheliaImport(t.db, installation, ENV, SKIP);
    expect(plan.totp.map((i) => [i.key, i.action])).toEqual([
      ['anna', 'create'],
      ['ben', 'create'],
      ['judy', 'unchanged'],
      ['zed', 'skip'],
    ]);
    expect(plan.totp[1]!.data).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60, secret: SECRETS.ben });
    expect(plan.totp[1]!.detail).toMatch(/SHA256, 8 digits, 60 s/);
    const [here, elsewhere] = plan.webauthn;
    expect(here).toMatchObject({ action: 'create', data: { username: 'anna', name: 'YubiKey' } });
    expect(elsewhere).toMatchObject({ action: 'refused', reason: expect.stringMatching(/RP ID old.example, but Gatehouse's is family.example/) });
  });

  it('merges only with explicit consent; without it the plan cannot be applied', async () => {
    const noConsent = await planAutheliaImport(t.db, installation, ENV, { onConflict: 'merge', mergeConsent: false });
    expect(byKey(noConsent.users)).toMatchObject({ hank: 'conflict', ivy: 'conflict', judy: 'unchanged' });
    expect(noConsent.applicable).toBe(false);
    const consent = await planAutheliaImport(t.db, installation, ENV, { onConflict: 'merge', mergeConsent: true });
    expect(byKey(consent.users)).toMatchObject({ hank: 'update', ivy: 'update' });
    expect(consent.users.find((u) => u.key === 'ivy')?.data.existingUserId).toBeTruthy();
    expect(consent.users.find((u) => u.key === 'ivy')?.detail).toMatch(/not kept: they sign in as ivy-old/);
    // The merged accounts keep their own Gatehouse passwords.
    expect(byKey(consent.passwords)).toMatchObject({ hank: 'skip', ivy: 'skip' });
    expect(consent.applicable).toBe(true);
  });

  it('reports rules, rule features without an equivalent, settings and OIDC clients', async () => {
    const plan = await planAutheliaImport(t.db, installation, ENV, SKIP);
    expect(byKey(plan.rules)).toMatchObject({ 'rule 1': 'create', 'rule 2': 'create', default_policy: expect.stringMatching(/update|unchanged/) });
    expect(plan.rules.find((r) => r.action === 'refused')?.reason).toMatch(/domain_regex is not supported/);
    const settings = Object.fromEntries(plan.settings.map((s) => [s.key, s]));
    expect(settings.GATEHOUSE_COOKIE_DOMAIN).toMatchObject({ action: 'create', data: { value: 'family.example' } });
    expect(settings.GATEHOUSE_SESSION_MAX_AGE).toMatchObject({ action: 'create', data: { value: '1d' } });
    expect(settings.GATEHOUSE_SESSION_IDLE_TIMEOUT).toMatchObject({ action: 'create', data: { value: '2h' } });
    expect(settings.GATEHOUSE_REGULATION_MAX_FAILURES).toMatchObject({ data: { value: '4' } });
    expect(settings.GATEHOUSE_REGULATION_WINDOW).toMatchObject({ data: { value: '3m' } });
    expect(settings.GATEHOUSE_REGULATION_BAN).toMatchObject({ data: { value: '15m' } });
    expect(settings.GATEHOUSE_TOTP_ISSUER).toMatchObject({ data: { value: 'Family Auth' } });
    expect(settings.GATEHOUSE_SMTP_PASSWORD).toMatchObject({ action: 'create', data: { secret: true, value: fixture.smtpPassword } });
    expect(settings['session.remember_me']?.action).toBe('refused');
    expect(plan.oidcClients).toMatchObject([{ key: 'paperless', action: 'create', data: { public: false, redirectUris: [expect.any(String)] } }]);
    expect(plan.oidcClients[0]!.detail).toMatch(/pbkdf2-sha512 secret digest is verified as it is/);
  });

  it('serialises a report that holds no secret from the fixture', async () => {
    const plans: ImportPlan[] = [
      await planAutheliaImport(t.db, installation, ENV, SKIP),
      await planAutheliaImport(t.db, installation, ENV, { onConflict: 'merge', mergeConsent: true }),
    ];
    const users = readFileSync(join(fixture.dir, 'users_database.yml'), 'utf8');
    const secrets = [
      ...Object.values(SECRETS),
      ...PASSWORDS,
      ...[...users.matchAll(/password: (\S+)/g)].map((m) => m[1]!.replace(/^"|"$/g, '')),
      ...installation.users.map((u) => u.passwordHash),
      fixture.encryptionKey,
      fixture.smtpPassword,
      OIDC_CLIENT_SECRET,
      installation.oidcClients[0]!.secretDigest!,
    ];
    expect(secrets.length).toBeGreaterThan(20);
    for (const plan of plans) {
      const report = JSON.stringify(toImportReport(plan));
      expect(report).toContain('anna');
      for (const secret of secrets) expect(report).not.toContain(secret);
      // The plan itself does carry them (apply needs them), which is why the report exists.
      expect(JSON.stringify(plan, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toContain(SECRETS.ben);
    }
  });
});
