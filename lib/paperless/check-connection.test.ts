import { describe, expect, it } from 'vitest';
import { judgeConnection } from './check-connection';

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

  it('reports a Remote-User listener that does not answer as a user', () => {
    const result = judgeConnection({ ...base, superuser: true, remoteUser: 'failed' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/PAPERLESS_ENABLE_HTTP_REMOTE_USER_API/);
  });
});
