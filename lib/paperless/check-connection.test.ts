import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { judgeConnection, probeConnection, REQUIRED_ADMIN_PERMISSIONS } from './check-connection';
import { createPaperlessClient, endSentence, PaperlessError } from './client';
import type { PaperlessConnection } from './connection';

const base = {
  reachable: true,
  version: '3.0.5',
  account: 'admin',
  superuser: false,
  permissions: [] as string[] | null,
  remoteUser: 'not-used' as const,
  problems: [] as string[],
  now: new Date('2026-06-01T12:00:00Z'),
};

describe('judgeConnection', () => {
  it('a superuser token needs nothing more', () => {
    expect(judgeConnection({ ...base, superuser: true })).toMatchObject({ ok: true, missingPermissions: [], problems: [] });
  });

  it('names the permissions a non-superuser token lacks (app labels or not)', () => {
    const result = judgeConnection({ ...base, permissions: ['auth.view_user', 'add_user', 'view_uisettings'] });
    expect(result.ok).toBe(false);
    expect(result.missingPermissions).toEqual(['change_user', 'view_group']);
    expect(result.problems[0]).toMatch(/change_user, view_group/);
  });

  it('passes a token with exactly the needed permissions', () => {
    expect(judgeConnection({ ...base, permissions: ['view_user', 'add_user', 'change_user', 'view_group'] }).ok).toBe(true);
  });

  it('an unreachable Paperless is not ok and has no permission verdict', () => {
    expect(judgeConnection({ ...base, reachable: false, problems: ['connection refused'] })).toMatchObject({
      ok: false,
      missingPermissions: [],
      problems: ['connection refused'],
    });
  });

  it('a refused token (no permissions read) has no permission verdict', () => {
    expect(judgeConnection({ ...base, permissions: null, problems: ['Paperless refused the admin token (401).'] })).toMatchObject({
      ok: false,
      missingPermissions: [],
      problems: ['Paperless refused the admin token (401).'],
    });
  });

  it('reports a Remote-User listener that does not answer as a user', () => {
    const result = judgeConnection({ ...base, superuser: true, remoteUser: 'failed' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/PAPERLESS_ENABLE_HTTP_REMOTE_USER_API/);
  });
});

describe('the connection check against the fake Paperless', () => {
  let fake: FakePaperless;
  beforeAll(async () => {
    fake = await startFakePaperless();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const connection = (adminToken: string): PaperlessConnection => ({
    internalUrl: fake.url,
    publicUrl: 'https://paperless.example.test',
    adminToken,
    tokenSource: 'password',
    remoteUserUrl: null,
    origin: 'database',
  });

  it('a rejected token (401) is reported once, as a refused token, never also as missing permissions', async () => {
    const result = await probeConnection(connection('0'.repeat(40)));
    expect(result).toMatchObject({ ok: false, reachable: true, missingPermissions: [] });
    expect(result.problems).toEqual(['Paperless refused the admin token (401: Invalid token): check that it was copied whole and that its account is active.']);
  });

  it('a token of an inactive account says so, in one sentence', async () => {
    fake.addUser({ username: 'gone-admin', is_superuser: true, is_active: false });
    const result = await probeConnection(connection(fake.setToken('gone-admin')));
    expect(result.problems).toEqual([
      'Paperless refused the admin token (401: User inactive or deleted): check that it was copied whole and that its account is active.',
    ]);
  });

  it('an accepted token whose account lacks permissions (403) is the permissions case', async () => {
    fake.addUser({ username: 'bare-admin' });
    const result = await probeConnection(connection(fake.setToken('bare-admin')));
    expect(result.ok).toBe(false);
    expect(result.missingPermissions).toEqual([...REQUIRED_ADMIN_PERMISSIONS]);
    expect(result.problems.join(' ')).not.toMatch(/refused the admin token/);
    expect(result.problems.join(' ')).toMatch(/lacks view_uisettings/);
  });

  it("the client's messages end in one period when Paperless's own reason already ends in one", async () => {
    const error = await createPaperlessClient({ baseUrl: fake.url, auth: { token: '0'.repeat(40) } })
      .listGroups()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaperlessError);
    expect((error as PaperlessError).message).toMatch(/with 401: Invalid token\.$/);
    expect((error as PaperlessError).detail).toBe('Invalid token.');
  });
});

describe('endSentence', () => {
  it.each([
    ['Invalid token.', 'Invalid token.'],
    ['Invalid token', 'Invalid token.'],
    ['Really?', 'Really?'],
    ['Stop!  ', 'Stop!'],
    ['connect ECONNREFUSED 127.0.0.1:9', 'connect ECONNREFUSED 127.0.0.1:9.'],
  ])('%j → %j', (input, output) => {
    expect(endSentence(input)).toBe(output);
  });
});
