/**
 * The admin page's directory functions against a real OpenLDAP slapd (test/support/slapd.ts), on
 * SQLite and PostgreSQL: the form's values are tested before saving (connection, a user), a
 * certificate that does not match the address is refused at its step, a local account is never
 * the directory's, saving stores the bind password sealed and the page never gets it back, and a
 * variable fixed in the environment is neither stored nor editable.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/fixtures';
import { startTestDirectory, type TSeed, type TSlapd } from '../../../test/support/slapd';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../../test/support/test-db';
import { useTestEnv, type TestEnv } from '../../../test/support/test-env';
import { getEnv } from '../../config';
import { ZDirectorySettings } from './directory-form';
import { loadDirectoryView } from './load-directory-view';
import { saveDirectorySettings } from './save-directory-settings';
import { testDirectoryForm } from './test-directory-form';

let slapd: TSlapd;
let seed: TSeed;

beforeAll(async () => {
  ({ slapd, seed } = await startTestDirectory());
}, 60_000);
afterAll(async () => slapd?.stop());

const meta = { ip: '203.0.113.8', userAgent: 'vitest' };

describe.each(DIALECTS)('the directory page on %s', (dialect) => {
  let t: TestDatabase;
  let testEnv: TestEnv | undefined;
  let actor: { id: string; name: string };
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const admin = await createTestUser(t.db, { groups: ['admins'] });
    actor = { id: admin.id, name: admin.username };
  });
  afterAll(async () => t?.drop());
  afterEach(() => {
    testEnv?.restore();
    testEnv = undefined;
  });

  const form = (values: Record<string, string> = {}) =>
    ZDirectorySettings.parse({
      preset: 'openldap',
      urls: slapd.ldapsUrl,
      ca: slapd.caPem,
      tlsVerify: 'on',
      bindDn: seed.SERVICE.dn,
      passwordAction: 'replace',
      bindPassword: seed.SERVICE.password,
      userBase: seed.PEOPLE,
      groupBase: seed.GROUPS,
      allowedGroups: 'staff',
      ...values,
    });

  it('tests the connection with the values in the form: every step passes over ldaps:// with the CA; nothing is saved', async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    const result = await testDirectoryForm(t.db, { settings: form(), actor, meta });
    expect(result.ok).toBe(true);
    expect(result.view.steps.map((s) => [s.label, s.ok])).toEqual([
      ['Connect', true],
      ['Certificate', true],
      ['Service account', true],
      ['Users', true],
      ['Groups', true],
    ]);
    expect(getEnv().directory).toBeNull();
    expect(await t.db.setting.count({ where: { key: { startsWith: 'config.GATEHOUSE_LDAP_' } } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { type: 'directory.tested', actorId: actor.id } })).toBeGreaterThan(0);
  });

  it('a certificate that does not name the address, or a wrong service password, fails at its step with an admin-facing reason', async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    const mismatch = await testDirectoryForm(t.db, { settings: form({ urls: slapd.mismatchUrl }), actor, meta });
    expect(mismatch.ok).toBe(false);
    expect(mismatch.view.steps.find((s) => !s.ok)).toMatchObject({ label: 'Connect', detail: expect.stringMatching(/certificate/i) });
    const wrong = await testDirectoryForm(t.db, { settings: form({ bindPassword: 'not-the-password' }), actor, meta });
    expect(wrong.view.steps.find((s) => !s.ok)).toMatchObject({ label: 'Service account' });
    expect(JSON.stringify(wrong)).not.toContain('not-the-password');
  });

  it('tests a user: the entry, the mapping, the groups and the decision; a local account is said to be local', async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    const bob = await testDirectoryForm(t.db, { settings: form(), login: 'bob', actor, meta });
    expect(bob.view).toMatchObject({ kind: 'user', ok: true, decisionTone: 'green' });
    if (bob.view.kind !== 'user') throw new Error('a user view');
    expect(bob.view.groups.map((g) => g.toLowerCase()).sort()).toEqual(['paperless', 'staff']);
    expect(bob.view.mapped).toContainEqual(['email', seed.USERS.bob.mail]);
    expect(bob.view.decision).toMatch(/create the account “bob”, active at once/);
    const dave = await testDirectoryForm(t.db, { settings: form(), login: 'dave', actor, meta });
    expect(dave.view).toMatchObject({ kind: 'user', decisionTone: 'red' });
    const local = await createTestUser(t.db, { username: `local-${dialect}` });
    const named = await testDirectoryForm(t.db, { settings: form(), login: local.username, actor, meta });
    expect(named.ok).toBe(false);
    expect(named.summary).toMatch(/is a local account of this portal/);
  });

  it('saves: applied at once, the bind password sealed at rest and never sent back to the page', async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091' });
    const saved = await saveDirectorySettings(t.db, { settings: form(), actor, meta });
    expect(saved.on).toBe(true);
    expect(getEnv().directory?.bind?.password).toBe(seed.SERVICE.password);
    const rows = await t.db.setting.findMany({ where: { key: { startsWith: 'config.GATEHOUSE_LDAP_' } }, select: { key: true, value: true } });
    expect(rows.map((r) => r.value).join('\n')).not.toContain(seed.SERVICE.password);
    // A field left at its preset's value is not stored: the preset gives it.
    expect(rows.map((r) => r.key)).not.toContain('config.GATEHOUSE_LDAP_USER_FILTER');
    const view = await loadDirectoryView(t.db);
    expect(view.passwordSet).toBe(true);
    expect(JSON.stringify(view)).not.toContain(seed.SERVICE.password);
    // Kept on the next save (the form sends no password), cleared only when asked.
    await saveDirectorySettings(t.db, { settings: form({ passwordAction: 'keep', bindPassword: '' }), actor, meta });
    expect(getEnv().directory?.bind?.password).toBe(seed.SERVICE.password);
    // A problem is reported beside its field, and nothing is written.
    await expect(saveDirectorySettings(t.db, { settings: form({ urls: 'http://not-ldap' }), actor, meta })).rejects.toMatchObject({ field: 'urls' });
    // Directory off again.
    await saveDirectorySettings(t.db, { settings: form({ urls: '', passwordAction: 'clear' }), actor, meta });
    expect(getEnv().directory).toBeNull();
    expect(await t.db.auditEvent.count({ where: { type: 'settings.directory_changed', actorId: actor.id } })).toBe(3);
  });

  it('a variable set in the environment wins: shown as fixed, never stored', async () => {
    testEnv = useTestEnv({ GATEHOUSE_URL: 'http://localhost:9091', GATEHOUSE_LDAP_TLS_VERIFY: 'false' });
    await saveDirectorySettings(t.db, { settings: form(), actor, meta });
    expect(await t.db.setting.findUnique({ where: { key: 'config.GATEHOUSE_LDAP_TLS_VERIFY' } })).toBeNull();
    const view = await loadDirectoryView(t.db);
    expect(view.fields.GATEHOUSE_LDAP_TLS_VERIFY).toEqual({ source: 'environment', value: 'false' });
    expect(view.current?.tlsVerify).toBe(false);
    await saveDirectorySettings(t.db, { settings: form({ urls: '', passwordAction: 'clear' }), actor, meta });
  });
});
