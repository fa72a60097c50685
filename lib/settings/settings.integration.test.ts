/**
 * Stored settings on SQLite and PostgreSQL: saving the public URL, cookie domain and mail
 * changes the running configuration at once (the next mail goes through the real SMTP catcher
 * with the new sender), the SMTP password is sealed at rest, a value that would make the
 * configuration invalid changes nothing, and concurrent saves leave one whole configuration.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitForMail } from '../../e2e/support/mailbox';
import { createTestUser } from '../../test/support/fixtures';
import { seedSession } from '../../test/support/seed';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/test-db';
import { type TestEnv, useTestEnv } from '../../test/support/test-env';
import { getEnv, resetEnvForTests } from '../config';
import { deliverMail } from '../mail/transport';
import { applyStoredSettings } from './apply-stored-settings';
import { dismissFirstRunChecklist } from './dismiss-first-run-checklist';
import { CONFIG_KEY_PREFIX, configKey, MAIL_MODE_KEY } from './keys';
import { loadFirstRunChecklist } from './load-first-run-checklist';
import { ZMailSettings } from './mail-changes';
import { readStoredVariables } from './read-stored-variables';
import { saveMailSettings } from './save-mail-settings';
import { sendSettingsTestMail } from './send-settings-test-mail';
import { savePortalSettings } from './save-portal-settings';

const SMTP_PORT = process.env.GATEHOUSE_TEST_SMTP_PORT;
const meta = { ip: '203.0.113.9', userAgent: 'vitest' };
const UNSET = {
  GATEHOUSE_URL: undefined,
  GATEHOUSE_COOKIE_DOMAIN: undefined,
  GATEHOUSE_MAIL_FROM: undefined,
  GATEHOUSE_SMTP_HOST: undefined,
  GATEHOUSE_SMTP_PORT: undefined,
};

describe.each(DIALECTS)('stored settings on %s', (dialect) => {
  let t: TestDatabase;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let testEnv: TestEnv;
  const actor = () => ({ id: admin.id, name: admin.username });
  const mail = (values: Record<string, string>) => ZMailSettings.parse({ mode: 'smtp', ...values });
  const configRows = async () =>
    Object.fromEntries(
      (await t.db.setting.findMany({ where: { key: { startsWith: CONFIG_KEY_PREFIX } }, orderBy: { key: 'asc' } })).map((r) => [r.key, r.value]),
    );

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    admin = await createTestUser(t.db, { groups: ['admins'] });
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.setting.deleteMany({});
    testEnv = useTestEnv(UNSET);
  });
  afterEach(() => testEnv.restore());

  it('a new address is shown with what it changes, saved on confirmation with its audit event, and used at once; a bad one changes nothing', async () => {
    await seedSession(t.db, { userId: admin.id });
    await t.db.secondFactor.create({ data: { userId: admin.id, kind: 'webauthn', name: 'Key', credentialId: `cred-${dialect}`, publicKey: 'pk' } });
    const first = await savePortalSettings(t.db, { url: 'https://auth.example.com', cookieDomain: 'example.com', confirmed: false, actor: actor(), meta });
    expect(first.status).toBe('needs-confirmation');
    if (first.status !== 'needs-confirmation') return;
    expect(first.impact).toMatchObject({
      signsEveryoneOut: true,
      relyingPartyChanges: true,
      rpIdAfter: 'example.com',
      webauthnCredentials: 1,
      proxyConfigChanges: true,
    });
    expect(first.impact.activeSessions).toBeGreaterThanOrEqual(1);
    expect(await configRows()).toEqual({});

    const saved = await savePortalSettings(t.db, { url: 'https://auth.example.com', cookieDomain: '.Example.com', confirmed: true, actor: actor(), meta });
    expect(saved).toMatchObject({ status: 'saved', url: 'https://auth.example.com', cookieDomain: 'example.com' });
    expect(getEnv()).toMatchObject({ url: 'https://auth.example.com', cookie: { domain: 'example.com', secure: true } });
    expect(getEnv().secondFactor.rpId).toBe('example.com');
    const event = await t.db.auditEvent.findFirst({ where: { type: 'settings.portal_changed' }, orderBy: { createdAt: 'desc' } });
    expect(event?.data).toContain('GATEHOUSE_URL');

    const before = getEnv();
    const rows = await configRows();
    const refused = await savePortalSettings(t.db, { url: 'http://auth.example.com', cookieDomain: 'example.com', confirmed: true, actor: actor(), meta });
    expect(refused).toMatchObject({ status: 'invalid', field: 'GATEHOUSE_URL' });
    if (refused.status === 'invalid') expect(refused.message).toContain('must use https://');
    const mismatch = await savePortalSettings(t.db, { url: 'https://auth.example.com', cookieDomain: 'other.org', confirmed: true, actor: actor(), meta });
    expect(mismatch).toMatchObject({ status: 'invalid', field: 'GATEHOUSE_COOKIE_DOMAIN' });
    expect(getEnv()).toBe(before);
    expect(await configRows()).toEqual(rows);
  });

  it('SMTP settings: the password is sealed at rest, the next mail goes through the real server with the new sender, and a new process reads them back', async () => {
    if (!SMTP_PORT) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the suite with npm test (it starts the SMTP catcher)');
    const password = `pw-${dialect}-Zebra!9`;
    await saveMailSettings(t.db, {
      settings: mail({
        host: '127.0.0.1',
        port: SMTP_PORT,
        security: 'opportunistic',
        user: 'mailer',
        passwordAction: 'replace',
        password,
        mailFrom: `Settings <settings-${dialect}@example.test>`,
      }),
      actor: actor(),
      meta,
    });
    const rows = await configRows();
    expect(rows[configKey('GATEHOUSE_SMTP_HOST')]).toBe('127.0.0.1');
    const sealed = rows[configKey('GATEHOUSE_SMTP_PASSWORD')]!;
    expect(sealed).toMatch(/^v1\./);
    expect(JSON.stringify(await t.db.setting.findMany())).not.toContain(password);
    expect(JSON.stringify(await t.db.auditEvent.findMany())).not.toContain(password);
    expect((await readStoredVariables(t.db, getEnv().secrets)).variables.GATEHOUSE_SMTP_PASSWORD).toBe(password);
    expect(getEnv().smtp).toMatchObject({ host: '127.0.0.1', port: Number(SMTP_PORT), user: 'mailer', password });

    // The password is kept when the form says "keep"; the sender changes, and the very next mail carries it.
    await saveMailSettings(t.db, {
      settings: mail({
        host: '127.0.0.1',
        port: SMTP_PORT,
        security: 'opportunistic',
        user: 'mailer',
        passwordAction: 'keep',
        mailFrom: `Renamed <renamed-${dialect}@example.test>`,
      }),
      actor: actor(),
      meta,
    });
    expect((await configRows())[configKey('GATEHOUSE_SMTP_PASSWORD')]).toBe(sealed);
    const to = `next-${dialect}@example.test`;
    await deliverMail({ to, subject: `after the save on ${dialect}`, text: 'hello', html: '<p>hello</p>' });
    expect((await waitForMail(to, { subject: /after the save/ })).from).toContain(`renamed-${dialect}@example.test`);

    // A new process (nothing cached) with the same database: the stored layer is read at start.
    resetEnvForTests();
    expect(getEnv().smtp).toBeNull();
    expect(await applyStoredSettings(t.db)).toEqual({ ok: true, problems: [] });
    expect(getEnv().mailFrom).toBe(`Renamed <renamed-${dialect}@example.test>`);
    expect(getEnv().smtp?.password).toBe(password);

    // The outbox, chosen: no SMTP variable stays stored.
    await saveMailSettings(t.db, { settings: ZMailSettings.parse({ mode: 'outbox' }), actor: actor(), meta });
    expect(getEnv().smtp).toBeNull();
    expect(Object.keys(await configRows()).filter((key) => key.includes('SMTP'))).toEqual([]);
    expect((await t.db.setting.findUnique({ where: { key: MAIL_MODE_KEY } }))?.value).toBe('outbox');
  });

  it('the test message uses the values in the form before they are saved, and reports the server’s answer or error', async () => {
    if (!SMTP_PORT) throw new Error('GATEHOUSE_TEST_SMTP_PORT is not set: run the suite with npm test (it starts the SMTP catcher)');
    const to = `test-${dialect}@example.test`;
    const sent = await sendSettingsTestMail(t.db, {
      settings: mail({ host: '127.0.0.1', port: SMTP_PORT, security: 'opportunistic' }),
      to,
      actor: actor(),
      meta,
    });
    expect(sent).toMatchObject({ ok: true, via: 'smtp', server: `127.0.0.1:${SMTP_PORT}` });
    if (sent.ok) expect(sent.response).toMatch(/^2\d\d/);
    await waitForMail(to);
    const refused = await sendSettingsTestMail(t.db, { settings: mail({ host: '127.0.0.1', port: '9', security: 'opportunistic' }), to, actor: actor(), meta });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/127\.0\.0\.1:9 refused the message: .*ECONNREFUSED/);
    expect(getEnv().smtp).toBeNull();
    expect(await configRows()).toEqual({});
  });

  it('concurrent saves leave one whole configuration, the one the process runs with', async () => {
    for (let round = 0; round < 4; round++) {
      const a = mail({
        host: `a${round}.example.test`,
        port: '2525',
        user: 'alice',
        passwordAction: 'replace',
        password: 'alice-pw',
        mailFrom: 'A <a@example.test>',
      });
      const b = mail({ host: `b${round}.example.test`, port: '2626', security: 'tls', mailFrom: 'B <b@example.test>' });
      await Promise.all([saveMailSettings(t.db, { settings: a, actor: actor(), meta }), saveMailSettings(t.db, { settings: b, actor: actor(), meta })]);
      const stored = (await readStoredVariables(t.db, getEnv().secrets)).variables;
      const wholeA = {
        GATEHOUSE_SMTP_HOST: a.host,
        GATEHOUSE_SMTP_PORT: '2525',
        GATEHOUSE_SMTP_USER: 'alice',
        GATEHOUSE_SMTP_PASSWORD: 'alice-pw',
        GATEHOUSE_MAIL_FROM: 'A <a@example.test>',
      };
      const wholeB = { GATEHOUSE_SMTP_HOST: b.host, GATEHOUSE_SMTP_PORT: '2626', GATEHOUSE_SMTP_SECURE: 'true', GATEHOUSE_MAIL_FROM: 'B <b@example.test>' };
      const { GATEHOUSE_SMTP_TLS_VERIFY: _verify, ...compared } = stored;
      expect([wholeA, wholeB]).toContainEqual(compared);
      expect(getEnv().smtp?.host).toBe(compared.GATEHOUSE_SMTP_HOST);
      expect(getEnv().mailFrom).toBe(compared.GATEHOUSE_MAIL_FROM);
    }
  });

  it('the first-run checklist follows real state and can be dismissed only once complete', async () => {
    const user = await createTestUser(t.db, { groups: ['admins'] });
    const state = async () => Object.fromEntries((await loadFirstRunChecklist(t.db, { userId: user.id })).items.map((i) => [i.id, i.done]));
    expect(await state()).toEqual({ portal: false, mail: false, application: false, 'second-factor': false });
    await expect(dismissFirstRunChecklist(t.db, { userId: user.id, actor: actor(), meta })).rejects.toMatchObject({ code: 'CONFLICT' });

    await savePortalSettings(t.db, { url: 'http://localhost:9091', cookieDomain: '', confirmed: true, actor: actor(), meta });
    await saveMailSettings(t.db, { settings: ZMailSettings.parse({ mode: 'outbox' }), actor: actor(), meta });
    await t.db.application.create({ data: { slug: `app-${dialect}`, name: 'App', upstream: 'http://127.0.0.1:8000', position: 0 } });
    await t.db.secondFactor.create({ data: { userId: user.id, kind: 'totp', name: 'Phone', secret: 'sealed' } });
    expect(await state()).toEqual({ portal: true, mail: true, application: true, 'second-factor': true });
    await dismissFirstRunChecklist(t.db, { userId: user.id, actor: actor(), meta });
    expect((await loadFirstRunChecklist(t.db, { userId: user.id })).dismissed).toBe(true);
  });
});
