/** The proxy setup on both dialects: stored applications in, configuration out; the stored upstream with its audit event. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationToColumns } from '../applications/application-codec';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../test/support/test-db';
import { loadProxySetup } from './load-proxy-setup';
import { applicationInput } from './test-inputs';
import { PROXY_UPSTREAM_KEY, readProxyUpstream, setProxyUpstream } from './set-proxy-upstream';

const who = { actor: { id: 'admin-1', name: 'admin' }, meta: { ip: '127.0.0.1', userAgent: 'vitest' } };
const env = { url: 'http://auth.localhost:9091', cookie: { name: 'gh', domain: 'localhost', secure: false }, listenHost: '127.0.0.1', port: 9091 };

const input = applicationInput;

describe.each(DIALECTS)('proxy setup on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => t?.drop());

  it('generates the configuration for the stored applications, in launcher order, with their ports and kinds', async () => {
    const empty = await loadProxySetup(t.db, env);
    expect(empty.applications).toEqual([]);
    expect(empty.configs?.nginx.full).toContain('server_name auth.localhost;');
    const second = await t.db.application.create({
      data: { ...applicationToColumns(input('paperless', ['http://paperless.localhost:8000'], { kind: 'paperless' })), position: 2 },
    });
    const first = await t.db.application.create({
      data: { ...applicationToColumns(input('whoami', ['http://whoami.localhost:8080', 'https://wiki.example.org'])), position: 1 },
    });
    const setup = await loadProxySetup(t.db, env);
    expect(setup.applications.map((a) => a.id)).toEqual([first.id, second.id]);
    expect(setup.input.apps).toEqual([
      { url: 'http://whoami.localhost:8080', upstream: 'http://127.0.0.1:8000' },
      { url: 'http://paperless.localhost:8000', upstream: 'http://127.0.0.1:8000', paperless: true },
    ]);
    expect(setup.problems).toEqual([expect.objectContaining({ applicationId: first.id, url: 'https://wiki.example.org' })]);
    expect(setup.parts.get(first.id)?.nginx).toContain('listen 8080;');
    expect(setup.parts.get(second.id)?.nginx).toContain('include snippets/gatehouse-protect-paperless.conf;');
    expect(setup.upstream).toEqual({ value: 'http://127.0.0.1:9091', stored: false, defaultValue: 'http://127.0.0.1:9091' });
  });

  it('stores the proxy’s address of Gatehouse canonically, audits each change, and forgets it on empty', async () => {
    await setProxyUpstream(t.db, { upstream: 'http://gatehouse:9091', ...who });
    await setProxyUpstream(t.db, { upstream: 'http://gatehouse:9091', ...who });
    expect(await readProxyUpstream(t.db)).toBe('http://gatehouse:9091');
    const setup = await loadProxySetup(t.db, env);
    expect(setup.upstream).toEqual({ value: 'http://gatehouse:9091', stored: true, defaultValue: 'http://127.0.0.1:9091' });
    expect(setup.configs?.nginx.full).toContain('server gatehouse:9091;');
    await setProxyUpstream(t.db, { upstream: null, ...who });
    expect(await readProxyUpstream(t.db)).toBeNull();
    expect(await t.db.setting.count({ where: { key: PROXY_UPSTREAM_KEY } })).toBe(0);
    const events = await t.db.auditEvent.findMany({ where: { type: 'proxy.upstream_changed' }, orderBy: { createdAt: 'asc' } });
    expect(events).toHaveLength(2);
    // A stored value that no longer validates is not used (fail closed to this machine's address).
    await t.db.setting.create({ data: { key: PROXY_UPSTREAM_KEY, value: 'http://x/;evil' } });
    expect((await loadProxySetup(t.db, env)).upstream.value).toBe('http://127.0.0.1:9091');
  });
});
