/**
 * Paperless's app tokens through the verify endpoint's decision (lib/verify/verify-request.ts):
 * the source's refusal, its host restriction and the real token for a trusted proxy only.
 */
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { ask, deps, headersFor, NOW, rule, TWO } from '../../test/support/verify-harness';
import type { VerifyFlavour } from '../verify/forwarded-request';
import { verifyRequest, type VerifyDeps } from '../verify/verify-request';
import { appTokenSource, type AppTokenLookup } from './app-token-source';

describe.each<VerifyFlavour>(['auth-request', 'forward-auth'])('unknown app tokens (%s)', (flavour) => {
  it('an unknown or malformed device token is 401 with WWW-Authenticate: Token and the body the apps expect', async () => {
    for (const authorization of ['Token 0123456789abcdef0123456789abcdef01234567', 'Token nope', 'Token']) {
      const response = await ask(flavour, { host: 'open.example.com', cookie: TWO, authorization }, deps({ sources: [appTokenSource(() => null)] }));
      expect(response.status).toBe(401);
      expect(response.headers['WWW-Authenticate']).toBe('Token');
      expect(response.body).toBe('{"detail":"Invalid token."}');
    }
  });
});

describe.each<VerifyFlavour>(['auth-request', 'forward-auth'])('device tokens (%s)', (flavour) => {
  const KEY = 'c'.repeat(40);
  const REAL = 'e'.repeat(40);
  const known: AppTokenLookup = (token) =>
    token === KEY
      ? {
          sessionId: 'd1',
          level: 'two_factor',
          expiresAt: NOW + 60_000,
          lastSeenAt: NOW,
          user: { id: 'u1', username: 'anna', displayName: 'Anna', email: 'anna@example.com', groups: [] },
          grant: {
            onlyHost: 'paperless.example.com',
            upstream: {
              'auth-request': { 'X-Paperless-Authorization': `Token ${REAL}` },
              'forward-auth': { 'X-Paperless-Authorization': `Token ${REAL}`, Authorization: `Token ${REAL}` },
            },
          },
        }
      : null;
  const withDevice = (lookup: AppTokenLookup = known): VerifyDeps =>
    deps({
      rules: [rule(1, { domains: ['paperless.example.com'], policy: 'two_factor' }), rule(2, { domains: ['two.example.com'], policy: 'two_factor' })],
      sources: [appTokenSource(lookup)],
    });

  it('a valid token on the Paperless host passes a two-factor rule and carries the real token for the proxy', async () => {
    const response = await ask(
      flavour,
      { host: 'paperless.example.com', path: '/api/documents/', authorization: `Token ${KEY}`, accept: 'application/json' },
      withDevice(),
    );
    expect(response.status).toBe(200);
    expect(response.headers['X-Paperless-Authorization']).toBe(`Token ${REAL}`);
    expect(response.headers['Remote-User']).toBe('anna');
    expect(response.headers.Authorization).toBe(flavour === 'forward-auth' ? `Token ${REAL}` : undefined);
  });

  it('the real token goes only to a trusted proxy: a direct caller, or a route handler (no peer), gets the identity without it', async () => {
    const d = withDevice();
    for (const peer of ['192.0.2.10', '::ffff:192.0.2.10', 'not an address', null, '127.0.0.1']) {
      const response = await ask(flavour, { host: 'paperless.example.com', authorization: `Token ${KEY}`, accept: 'application/json' }, d, peer);
      expect(response.status).toBe(200);
      expect(response.headers['Remote-User']).toBe('anna');
      const trusted = peer === '127.0.0.1';
      expect(response.headers['X-Paperless-Authorization'], String(peer)).toBe(trusted ? `Token ${REAL}` : undefined);
      expect(response.headers.Authorization, String(peer)).toBe(trusted && flavour === 'forward-auth' ? `Token ${REAL}` : undefined);
    }
  });

  it("the same token on another protected host is no credential: 401 with the apps' body", async () => {
    const response = await ask(flavour, { host: 'two.example.com', authorization: `Token ${KEY}` }, withDevice());
    expect(response.status).toBe(401);
    expect(response.body).toBe('{"detail":"Invalid token."}');
    expect(response.headers['X-Paperless-Authorization']).toBeUndefined();
  });

  it('a cookie answer never carries a Paperless token', async () => {
    const response = await ask(flavour, { host: 'paperless.example.com', cookie: TWO }, withDevice());
    expect(response.status).toBe(200);
    expect(response.headers['X-Paperless-Authorization']).toBeUndefined();
    expect(response.headers.Authorization).toBeUndefined();
  });

  it('a device token is judged with the client address resolved through the trusted proxies (regulation)', async () => {
    const seen: (string | null)[] = [];
    const d = withDevice((token, now, clientIp) => {
      seen.push(clientIp ? clientIp() : 'not asked');
      return known(token, now, clientIp);
    });
    d.trustedProxies = [ipaddr.parseCIDR('127.0.0.0/8')];
    const headers = headersFor(flavour, { host: 'paperless.example.com', authorization: `Token ${KEY}` });
    const withXff = { get: (n: string) => (n === 'x-forwarded-for' ? '198.51.100.23, 127.0.0.1' : headers.get(n)), count: headers.count };
    expect((await verifyRequest({ flavour, headers: withXff, peer: '127.0.0.1' }, d)).status).toBe(200);
    expect((await verifyRequest({ flavour, headers, peer: '192.0.2.77' }, d)).status).toBe(200);
    expect(seen).toEqual(['198.51.100.23', '192.0.2.77']);
  });

  it('two Authorization headers: 401, whatever they hold', async () => {
    const headers = headersFor(flavour, { host: 'paperless.example.com', authorization: `Token ${KEY}` });
    const twice = { get: headers.get, count: (name: string) => (name === 'authorization' ? 2 : headers.count(name)) };
    const response = await verifyRequest({ flavour, headers: twice, peer: '127.0.0.1' }, withDevice());
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toBe('Token');
  });
});
