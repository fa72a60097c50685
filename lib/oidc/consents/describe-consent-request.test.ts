import { describe, expect, it } from 'vitest';
import { interactionPayload } from '../../../test/support/oidc-seed';
import type { DbOrTx } from '../../db';
import { describeConsentRequest } from './describe-consent-request';

const UID = 'Zq8b7v3xY1kL0mN2pR4sTw';
const NOW = new Date('2026-06-01T12:00:00Z');
const USER = 'user-1';

type ClientRow = { id: string; name: string; type: string; scopes: string; redirectUris: string; application: Record<string, unknown> };
const CLIENT: ClientRow = {
  id: 'client-1',
  name: 'Paperless web',
  type: 'confidential',
  scopes: JSON.stringify(['openid', 'profile', 'email']),
  redirectUris: JSON.stringify(['https://paperless.example.test/cb', 'x-paperless://oidc-callback']),
  application: { id: 'app-1', name: 'Paperless', description: 'Documents', icon: 'builtin:documents', iconType: null },
};

/** The two reads describeConsentRequest makes, answered from memory; counts them. */
function fakeDb(input: { payload?: Record<string, unknown> | string; expiresAt?: Date | null; accountId?: string | null; client?: ClientRow | null }) {
  const reads = { interaction: 0, client: 0 };
  const stored = input.payload ?? {
    ...interactionPayload(UID),
    exp: Math.floor(NOW.getTime() / 1000) + 600,
    params: { client_id: 'client-1', redirect_uri: 'https://paperless.example.test/cb', scope: 'openid email' },
  };
  const db = {
    oidcPayload: {
      findUnique: async ({ where }: { where: { model_id: { model: string; id: string } } }) => {
        reads.interaction++;
        if (where.model_id.model !== 'Interaction' || where.model_id.id !== UID) return null;
        return {
          payload: typeof stored === 'string' ? stored : JSON.stringify(stored),
          expiresAt: input.expiresAt === undefined ? new Date(NOW.getTime() + 600_000) : input.expiresAt,
          accountId: input.accountId ?? null,
        };
      },
    },
    oidcClient: {
      findUnique: async ({ where }: { where: { id: string } }) => {
        reads.client++;
        const client = input.client === undefined ? CLIENT : input.client;
        return client && client.id === where.id ? client : null;
      },
    },
  };
  return { db: db as unknown as DbOrTx, reads };
}

const withParams = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...interactionPayload(UID),
  exp: Math.floor(NOW.getTime() / 1000) + 600,
  params: { client_id: 'client-1', ...params },
  ...extra,
});
const describeWith = (input: Parameters<typeof fakeDb>[0], userId = USER, uid = UID) => describeConsentRequest(fakeDb(input).db, { uid, userId, now: NOW });

describe('describeConsentRequest', () => {
  it('describes a valid request: the application, the client, what it may read and where it returns to', async () => {
    expect(await describeWith({})).toEqual({
      status: 'ready',
      uid: UID,
      application: { id: 'app-1', name: 'Paperless', description: 'Documents', icon: 'builtin:documents', iconSrc: undefined },
      client: { id: 'client-1', name: 'Paperless web' },
      scopes: [
        { scope: 'openid', description: expect.any(String) },
        { scope: 'email', description: expect.any(String) },
      ],
      offlineAccess: false,
      returnTo: { kind: 'web', host: 'paperless.example.test' },
      expiresAt: new Date(NOW.getTime() + 600_000),
    });
  });

  it('shows only requested scopes the client is allowed, openid always, unknown ones never', async () => {
    const view = await describeWith({ payload: withParams({ redirect_uri: 'https://paperless.example.test/cb', scope: 'email groups admin offline_access' }) });
    expect(view.status === 'ready' && view.scopes.map((s) => s.scope)).toEqual(['openid', 'email']);
  });

  it('explains offline_access when it is asked for and allowed', async () => {
    const view = await describeWith({
      payload: withParams({ redirect_uri: 'https://paperless.example.test/cb', scope: 'openid offline_access' }),
      client: { ...CLIENT, scopes: JSON.stringify(['openid', 'offline_access']) },
    });
    expect(view.status === 'ready' && [view.scopes.map((s) => s.scope), view.offlineAccess]).toEqual([['openid', 'offline_access'], true]);
  });

  it('is for the user the provider session names, and refuses anyone else', async () => {
    const named = withParams({ redirect_uri: 'https://paperless.example.test/cb' }, { session: { accountId: USER } });
    expect((await describeWith({ payload: named })).status).toBe('ready');
    expect((await describeWith({ payload: named }, 'user-2')).status).toBe('other-account');
    expect((await describeWith({ accountId: 'user-2' })).status).toBe('other-account');
  });

  it.each([
    ['expired by its row', { expiresAt: new Date(NOW.getTime() - 1) }],
    ['expiring right now', { expiresAt: NOW }],
    ['without an expiry', { expiresAt: null, payload: withParams({ redirect_uri: 'https://paperless.example.test/cb' }, { exp: undefined }) }],
    ['expired by its exp', { payload: withParams({ redirect_uri: 'https://paperless.example.test/cb' }, { exp: Math.floor(NOW.getTime() / 1000) - 1 }) }],
    ['for an unknown client', { client: null }],
    ['not JSON', { payload: '{' }],
    ['for a redirect the client did not register', { payload: withParams({ redirect_uri: 'https://evil.example.test/cb' }) }],
    ['for a near-miss redirect (trailing slash)', { payload: withParams({ redirect_uri: 'https://paperless.example.test/cb/' }) }],
    ['for a near-miss redirect (case)', { payload: withParams({ redirect_uri: 'https://Paperless.example.test/cb' }) }],
    ['for a near-miss redirect (port)', { payload: withParams({ redirect_uri: 'https://paperless.example.test:444/cb' }) }],
    ['for a near-miss redirect (userinfo)', { payload: withParams({ redirect_uri: 'https://x@paperless.example.test/cb' }) }],
    ['without a redirect when the client has several', { payload: withParams({}) }],
    ['for a client whose scopes cannot be read', { client: { ...CLIENT, scopes: '{"openid":true}' } }],
  ])('is not valid when %s', async (_what, input) => {
    expect(await describeWith(input)).toEqual({ status: 'invalid' });
  });

  it('answers a made-up uid without reading the database', async () => {
    const { db, reads } = fakeDb({});
    for (const uid of ['', 'short', '../../etc', 'a'.repeat(65), 'has space in it!']) {
      expect(await describeConsentRequest(db, { uid, userId: USER, now: NOW })).toEqual({ status: 'invalid' });
    }
    expect(reads).toEqual({ interaction: 0, client: 0 });
  });

  it('names a custom-scheme redirect as an app, and takes the only registered redirect when none is named', async () => {
    const app = await describeWith({ payload: withParams({ redirect_uri: 'x-paperless://oidc-callback' }) });
    expect(app.status === 'ready' && app.returnTo).toEqual({ kind: 'app', scheme: 'x-paperless' });
    const only = await describeWith({ payload: withParams({}), client: { ...CLIENT, redirectUris: JSON.stringify(['https://only.example.test/cb']) } });
    expect(only.status === 'ready' && only.returnTo).toEqual({ kind: 'web', host: 'only.example.test' });
  });

  it('lets a public client use any loopback port (RFC 8252 §7.3), a confidential one only the registered redirect', async () => {
    const loopback = { ...CLIENT, redirectUris: JSON.stringify(['http://127.0.0.1/callback']) };
    const payload = withParams({ redirect_uri: 'http://127.0.0.1:51234/callback' });
    const view = await describeWith({ payload, client: { ...loopback, type: 'public' } });
    expect(view.status === 'ready' && view.returnTo).toEqual({ kind: 'loopback', host: '127.0.0.1:51234' });
    expect((await describeWith({ payload, client: loopback })).status).toBe('invalid');
    expect(
      (await describeWith({ payload: withParams({ redirect_uri: 'http://127.0.0.1:51234/other' }), client: { ...loopback, type: 'public' } })).status,
    ).toBe('invalid');
  });
});
