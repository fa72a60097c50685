/**
 * Applying an Authelia import plan on SQLite and PostgreSQL: every mapping (users with their
 * status, groups, password hashes as they are, TOTP re-sealed with its parameters, WebAuthn,
 * rules and default policy, settings with the SMTP password sealed, OIDC clients on an
 * application), idempotence (the second import writes no row and no event), all or nothing (a
 * failure injected by a trigger at the last step leaves nothing), the conflict choices, a merged
 * client's change announced (lib/oidc/client-cache.ts forgets it), and no secret in the audit log.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecret } from '../../crypto';
import { subscribe } from '../../events/local-bus';
import { CONFIG_KEY_PREFIX, sealedContext } from '../../settings/keys';
import { createTestUser } from '../../../test/support/fixtures';
import { importCensus, openImportFixture } from '../../../test/support/authelia/import-fixture';
import { DIALECTS, type TestDatabase } from '../../../test/support/test-db';
import type { TestEnv } from '../../../test/support/test-env';
import { DEFAULT_CHOICES, type ImportPlan } from '../types';
import { applyAutheliaImport } from './apply-authelia-import';
import { buildTestPlan, planSecrets } from '../../../test/support/authelia-apply-plan';

const SKIP = DEFAULT_CHOICES;
const MERGE = { onConflict: 'merge', mergeConsent: true } as const;

const census = importCensus;

describe.each(DIALECTS)('applying an Authelia import on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv;
  let admin: { id: string; name: string };
  let close = async () => {};
  beforeAll(async () => {
    ({ t, testEnv, admin, close } = await openImportFixture(dialect, {
      env: { GATEHOUSE_URL: 'https://auth.example.com', GATEHOUSE_COOKIE_DOMAIN: undefined },
      admin: true,
    }));
  });
  afterAll(() => close());
  const apply = (plan: ImportPlan, choices = SKIP) => applyAutheliaImport(t.db, plan, choices, admin);

  it('carries every mapping over in one go, and the same import again changes nothing', async () => {
    const tag = randomBytes(3).toString('hex');
    const plan = buildTestPlan(tag);
    const first = await apply(plan);
    expect(first.changed).toBe(true);
    expect(first.counts.users).toEqual({ created: 2 });
    expect(first.counts.webauthn).toEqual({ created: 1 });
    expect(first.counts.oidcClients).toEqual({ created: 2 });

    const anna = await t.db.user.findUniqueOrThrow({
      where: { username: `anna-${tag}` },
      select: { id: true, status: true, signupMethod: true, passwordHash: true, email: true, displayName: true },
    });
    expect(anna).toMatchObject({
      status: 'active',
      signupMethod: 'authelia-import',
      passwordHash: plan.passwords[0]!.data.passwordHash,
      displayName: 'Anna Example',
    });
    const ben = await t.db.user.findUniqueOrThrow({ where: { username: `ben-${tag}` }, select: { status: true } });
    expect(ben.status).toBe('disabled');
    const groups = await t.db.userGroup.findMany({ where: { userId: anna.id }, select: { group: { select: { name: true } } } });
    expect(groups.map((g) => g.group.name).sort()).toEqual([`family-${tag}`, `paperless-${tag}`]);

    const totp = await t.db.secondFactor.findFirstOrThrow({
      where: { userId: anna.id, kind: 'totp' },
      select: { secret: true, totpAlgorithm: true, totpDigits: true, totpPeriod: true },
    });
    expect(openSecret(totp.secret!, testEnv.env.secrets.encryptionKey, `totp:${anna.id}`)).toBe(plan.totp[0]!.data.secret);
    expect(totp).toMatchObject({ totpAlgorithm: 'SHA256', totpDigits: 8, totpPeriod: 60 });
    const key = await t.db.secondFactor.findFirstOrThrow({ where: { userId: anna.id, kind: 'webauthn' } });
    expect(key).toMatchObject({
      credentialId: plan.webauthn[0]!.data.credentialId,
      publicKey: plan.webauthn[0]!.data.publicKey,
      counter: 7n,
      discoverable: true,
    });
    expect(JSON.parse(key.transports!)).toEqual(['usb', 'internal']);

    const rules = await t.db.accessRule.findMany({ where: { applicationId: null, domains: { contains: `${tag}.example.com` } } });
    expect(rules).toHaveLength(1);
    expect(await t.db.setting.findUnique({ where: { key: 'access.default_policy' } })).toMatchObject({ value: 'deny' });
    const smtpPassword = await t.db.setting.findUniqueOrThrow({ where: { key: `${CONFIG_KEY_PREFIX}GATEHOUSE_SMTP_PASSWORD` } });
    expect(smtpPassword.value).not.toContain(planSecrets(plan).smtp);
    expect(openSecret(smtpPassword.value, testEnv.env.secrets.encryptionKey, sealedContext('GATEHOUSE_SMTP_PASSWORD'))).toBe(planSecrets(plan).smtp);
    expect(await t.db.setting.findUnique({ where: { key: `${CONFIG_KEY_PREFIX}GATEHOUSE_SESSION_MAX_AGE` } })).toMatchObject({ value: '30d' });

    const client = await t.db.oidcClient.findUniqueOrThrow({
      where: { id: `paperless-${tag}` },
      select: { secretHash: true, firstParty: true, type: true, scopes: true, application: { select: { urls: true } } },
    });
    expect(client).toMatchObject({ type: 'confidential', firstParty: true, secretHash: plan.oidcClients[0]!.data.secretDigest });
    expect(JSON.parse(client.scopes)).toEqual(['openid', 'profile', 'email', 'groups']);
    expect(JSON.parse(client.application.urls)).toEqual([`https://docs-${tag}.example.com`]);
    const publicClient = await t.db.oidcClient.findUniqueOrThrow({
      where: { id: `phone-${tag}` },
      select: { secretHash: true, type: true, tokenEndpointAuthMethod: true },
    });
    expect(publicClient).toEqual({ secretHash: null, type: 'public', tokenEndpointAuthMethod: 'none' });

    const before = await census(t.db);
    const second = await apply(plan);
    expect(second.changed).toBe(false);
    for (const [category, counts] of Object.entries(second.counts)) {
      expect(
        Object.keys(counts).filter((o) => o === 'created' || o === 'updated'),
        category,
      ).toEqual([]);
    }
    expect(await census(t.db)).toEqual(before);
  });

  it('two imports of the same installation at once: one writes, the other finds everything there', async () => {
    const plan = buildTestPlan(randomBytes(3).toString('hex'));
    const results = await Promise.all([apply(plan), apply(plan)]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    const quiet = results.find((r) => !r.changed)!;
    expect(quiet.counts.users).toEqual({ unchanged: 2 });
    expect(quiet.counts.totp).toEqual({ unchanged: 1 });
  });

  it('never puts a secret in the audit log', async () => {
    const tag = randomBytes(3).toString('hex');
    const plan = buildTestPlan(tag);
    await apply(plan);
    const events = await t.db.auditEvent.findMany({ where: { type: 'import.authelia' } });
    expect(events.length).toBeGreaterThan(0);
    const text = JSON.stringify(events);
    const latest = events.at(-1)!;
    expect(JSON.parse(latest.data!)).toMatchObject({ accounts: 'created 2', usernames: `anna-${tag} ben-${tag}` });
    for (const secret of Object.values(planSecrets(plan))) expect(text).not.toContain(secret);
  });

  it('writes nothing when a step fails mid-way (all or nothing)', async () => {
    const tag = randomBytes(3).toString('hex');
    // The last step (OIDC clients) fails on its insert, after users, factors, rules and settings.
    if (dialect === 'sqlite')
      await t.db.$executeRawUnsafe(`CREATE TRIGGER fail_import BEFORE INSERT ON "OidcClient" BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    else {
      await t.db.$executeRawUnsafe(`CREATE FUNCTION fail_import() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
      await t.db.$executeRawUnsafe(`CREATE TRIGGER fail_import BEFORE INSERT ON "OidcClient" FOR EACH ROW EXECUTE FUNCTION fail_import()`);
    }
    try {
      const before = await census(t.db);
      // (SQLite's adapter words a trigger's ABORT as a constraint violation.)
      await expect(apply(buildTestPlan(tag))).rejects.toThrow(dialect === 'sqlite' ? /constraint/ : /injected failure/);
      expect(await census(t.db)).toEqual(before);
      expect(await t.db.user.findUnique({ where: { username: `anna-${tag}` } })).toBeNull();
    } finally {
      await t.db.$executeRawUnsafe(dialect === 'sqlite' ? 'DROP TRIGGER fail_import' : 'DROP TRIGGER fail_import ON "OidcClient"');
    }
  });

  it('skips an account Gatehouse already has, and merges it only with consent', async () => {
    const tag = randomBytes(3).toString('hex');
    const existing = await createTestUser(t.db, { username: `anna-${tag}`, password: null, displayName: 'Anna in Gatehouse' });
    const plan = buildTestPlan(tag);
    const skipped = await apply(plan);
    expect(skipped.items.users.find((i) => i.key === `anna-${tag}`)).toMatchObject({ outcome: 'skipped' });
    expect(skipped.items.totp.find((i) => i.key === `anna-${tag}`)).toMatchObject({ outcome: 'skipped' });
    expect(await t.db.secondFactor.count({ where: { userId: existing.id } })).toBe(0);

    await expect(apply(plan, { onConflict: 'merge', mergeConsent: false })).rejects.toMatchObject({ code: 'INVALID', field: 'mergeConsent' });
    const merged = await apply(plan, MERGE);
    expect(merged.items.users.find((i) => i.key === `anna-${tag}`)).toMatchObject({ outcome: 'updated' });
    const row = await t.db.user.findUniqueOrThrow({
      where: { id: existing.id },
      select: { displayName: true, email: true, signupMethod: true, passwordHash: true },
    });
    // Merged: Authelia's name, password (the account had none) and factors; the account keeps its own email and origin.
    expect(row).toMatchObject({
      displayName: 'Anna Example',
      email: existing.email,
      signupMethod: 'admin',
      passwordHash: plan.passwords[0]!.data.passwordHash,
    });
    expect(await t.db.secondFactor.count({ where: { userId: existing.id } })).toBe(2);
    const before = await census(t.db);
    expect((await apply(plan, MERGE)).changed).toBe(false);
    expect(await census(t.db)).toEqual(before);
  });

  it("announces a merged client's change after it commits, so no client cache keeps its old settings", async () => {
    const tag = randomBytes(3).toString('hex');
    const plan = buildTestPlan(tag);
    await apply(plan);
    const paperless = plan.oidcClients[0]!;
    const changed = { ...plan, oidcClients: [{ ...paperless, data: { ...paperless.data, name: 'Paperless-ngx' } }, ...plan.oidcClients.slice(1)] };
    const heard: (string[] | undefined)[] = [];
    const unsubscribe = subscribe('oidc-clients-changed', (event) => heard.push(event.clientIds));
    try {
      const skipped = await apply(changed);
      expect(skipped.items.oidcClients.find((i) => i.key === paperless.key)).toMatchObject({ outcome: 'skipped' });
      expect(heard).toEqual([]);
      const merged = await apply(changed, MERGE);
      expect(merged.items.oidcClients.find((i) => i.key === paperless.key)).toMatchObject({ outcome: 'updated' });
    } finally {
      unsubscribe();
    }
    expect(heard).toEqual([[paperless.data.clientId]]);
    expect(await t.db.oidcClient.findUniqueOrThrow({ where: { id: paperless.data.clientId }, select: { name: true } })).toEqual({ name: 'Paperless-ngx' });
  });

  it("keeps a merged account's own password, merges by email, and refuses a user whose username and email are two accounts'", async () => {
    const tag = randomBytes(3).toString('hex');
    const existing = await createTestUser(t.db, { username: `anna-${tag}` });
    const other = await createTestUser(t.db, { username: `other-${tag}` });
    const byEmail = await createTestUser(t.db, { username: `benjamin-${tag}` });
    const plan = buildTestPlan(tag);
    plan.users[1]!.data.email = byEmail.email;
    const before = (await t.db.user.findUniqueOrThrow({ where: { id: existing.id }, select: { passwordHash: true } })).passwordHash;
    const result = await apply(plan, MERGE);
    expect(result.items.passwords.find((i) => i.key === `anna-${tag}`)).toMatchObject({ outcome: 'unchanged' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: existing.id }, select: { passwordHash: true } })).passwordHash).toBe(before);
    expect(result.items.users.find((i) => i.key === `ben-${tag}`)).toMatchObject({
      outcome: 'updated',
      reason: `merged into the Gatehouse account ${byEmail.username}`,
    });
    expect(await t.db.user.findUnique({ where: { username: `ben-${tag}` } })).toBeNull();

    const clash = buildTestPlan(`${tag}x`);
    await createTestUser(t.db, { username: `anna-${tag}x` });
    clash.users[0]!.data.email = other.email;
    const refused = await apply(clash, MERGE);
    expect(refused.items.users.find((i) => i.key === `anna-${tag}x`)).toMatchObject({ outcome: 'refused', reason: expect.stringContaining(other.username) });
    expect(refused.items.totp.find((i) => i.key === `anna-${tag}x`)).toMatchObject({ outcome: 'skipped' });
  });

  it('refuses a plan that is not applicable, and keeps the reasons of what the plan refused', async () => {
    const tag = randomBytes(3).toString('hex');
    const plan = buildTestPlan(tag);
    await expect(apply({ ...plan, applicable: false })).rejects.toMatchObject({ code: 'INVALID' });
    plan.webauthn[0] = { ...plan.webauthn[0]!, action: 'refused', reason: 'registered for "other.example"' };
    const result = await apply(plan);
    expect(result.items.webauthn).toEqual([{ key: plan.webauthn[0].key, outcome: 'refused', reason: 'registered for "other.example"' }]);
  });
});
