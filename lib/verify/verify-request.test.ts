/**
 * The decision table of docs/verify-contract.md, row by row, for both flavours, with real
 * rules (compiled by lib/policy) and a fake session store. The same table runs over HTTP against
 * the built server in verify.integration.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ask, deps, ONE, secondFactor, signIn, TWO } from '../../test/support/verify-harness';
import type { VerifyFlavour } from './forwarded-request';
import { verifyRequest } from './verify-request';

describe.each<VerifyFlavour>(['auth-request', 'forward-auth'])('decision table (%s)', (flavour) => {
  const unauthenticated = flavour === 'auth-request' ? 401 : 302;

  it('bypass: 200 for anyone; identity headers only when someone is signed in', async () => {
    const anonymous = await ask(flavour, { host: 'open.example.com' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['Remote-User']).toBeUndefined();
    const known = await ask(flavour, { host: 'open.example.com', cookie: ONE });
    expect(known.status).toBe(200);
    expect(known.headers['Remote-User']).toBe('anna');
  });

  it('deny: 403 for everyone', async () => {
    expect((await ask(flavour, { host: 'blocked.example.com' })).status).toBe(403);
    expect((await ask(flavour, { host: 'blocked.example.com', cookie: TWO })).status).toBe(403);
  });

  it('one_factor: anonymous is sent to sign-in with the target as rd; a signed-in user passes with identity headers', async () => {
    const anonymous = await ask(flavour, { host: 'one.example.com', path: '/docs/?page=2' });
    expect(anonymous.status).toBe(unauthenticated);
    expect(anonymous.headers.Location).toBe(signIn('https://one.example.com/docs/?page=2'));
    const known = await ask(flavour, { host: 'one.example.com', cookie: ONE });
    expect(known.status).toBe(200);
    expect(known.headers).toMatchObject({ 'Remote-User': 'anna', 'Remote-Groups': 'paperless', 'Remote-Email': 'anna@example.com' });
    // UTF-8 bytes of "Zoë", carried as a byte string, as Authelia sends them.
    expect(Buffer.from(known.headers['Remote-Name']!, 'latin1').toString('utf8')).toBe('Anna Zoë');
  });

  it('two_factor: anonymous → sign-in; a one_factor session → the second-factor step; a two_factor session → 200', async () => {
    expect((await ask(flavour, { host: 'two.example.com' })).headers.Location).toBe(signIn('https://two.example.com/'));
    const one = await ask(flavour, { host: 'two.example.com', cookie: ONE });
    expect(one.status).toBe(unauthenticated);
    expect(one.headers.Location).toBe(secondFactor('https://two.example.com/'));
    const two = await ask(flavour, { host: 'two.example.com', cookie: TWO });
    expect(two.status).toBe(200);
    expect(two.headers['Remote-Groups']).toBe('admins,family');
  });

  it('a rule that depends on who you are: anonymous must sign in; a member passes; a non-member falls through to the default (403)', async () => {
    expect((await ask(flavour, { host: 'family.example.com' })).status).toBe(unauthenticated);
    expect((await ask(flavour, { host: 'family.example.com', cookie: TWO })).status).toBe(200);
    expect((await ask(flavour, { host: 'family.example.com', cookie: ONE })).status).toBe(403);
  });

  it('no rule matches: the default policy decides (deny by default)', async () => {
    expect((await ask(flavour, { host: 'other.example.com', cookie: TWO })).status).toBe(403);
    expect((await ask(flavour, { host: 'other.example.com' }, deps({ defaultPolicy: 'one_factor' }))).status).toBe(unauthenticated);
    expect((await ask(flavour, { host: 'other.example.com' }, deps({ rules: [], defaultPolicy: 'bypass' }))).status).toBe(200);
  });

  it('a malformed, missing or non-canonical target is 400 (for nginx: a 403 that says 400), never 200', async () => {
    const d = deps({ defaultPolicy: 'bypass', debug: true });
    const expectBad = (response: { status: number; headers: Record<string, string>; body: string }) => {
      // nginx's auth_request would turn a 400 into a 500; the generated config maps X-Gatehouse-Status back to 400.
      expect(response.status).toBe(flavour === 'auth-request' ? 403 : 400);
      expect(response.headers['X-Gatehouse-Status']).toBe(flavour === 'auth-request' ? '400' : undefined);
      expect(response.headers['X-Gatehouse-Reason']).toBe('bad-target');
      expect(response.body).toMatch(/^Bad request: /);
    };
    expectBad(await verifyRequest({ flavour, headers: { get: () => null, count: () => 0 }, peer: '127.0.0.1' }, d));
    for (const path of ['/admin/../x', '/admin/%2e%2e/x', '/x\\..\\y', '/api%2Ftoken/', '//admin', '/admin;x/', '/a/.'])
      expectBad(await ask(flavour, { host: 'open.example.com', path, cookie: TWO }, d));
    expectBad(await ask(flavour, { host: 'open.example.com@blocked.example.com', cookie: TWO }, d));
  });

  it("a Location that would be longer than 2,000 bytes returns to the target's origin only", async () => {
    const short = await ask(flavour, { host: 'one.example.com:8443', path: `/${'a'.repeat(1900)}?q=1` });
    expect(short.headers.Location).toBe(signIn(`https://one.example.com:8443/${'a'.repeat(1900)}?q=1`));
    const long = await ask(flavour, { host: 'one.example.com:8443', path: `/${'a'.repeat(1950)}?q=1` });
    expect(long.headers.Location).toBe(signIn('https://one.example.com:8443/'));
    const escaped = await ask(flavour, { host: 'two.example.com', path: `/${'%C3%A9'.repeat(300)}`, cookie: ONE });
    expect(escaped.headers.Location).toBe(secondFactor('https://two.example.com/'));
    for (const response of [short, long, escaped]) expect(Buffer.byteLength(response.headers.Location!)).toBeLessThanOrEqual(2000);
  });

  it('every 2xx for a request with a Cookie header carries that header minus every session cookie, and none when nothing is left', async () => {
    const name = flavour === 'auth-request' ? 'X-Gatehouse-Cookie' : 'Cookie';
    const mixed = await ask(flavour, { host: 'one.example.com', cookieHeader: `theme=dark; gatehouse_session=${ONE};csrftoken=abc ; lang=en` });
    expect(mixed.status).toBe(200);
    expect(mixed.headers[name]).toBe('theme=dark; csrftoken=abc; lang=en');
    const only = await ask(flavour, { host: 'one.example.com', cookie: ONE });
    expect(only.status).toBe(200);
    expect(only.headers[name]).toBeUndefined();
    const anonymous = await ask(flavour, { host: 'open.example.com', cookieHeader: 'a=1; gatehouse_session=junk' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers[name]).toBe('a=1');
    // No Cookie header: nothing to replace it with.
    expect(Object.keys((await ask(flavour, { host: 'open.example.com' })).headers)).not.toContain(name);
    // Not on refusals (the proxy sends nothing upstream then).
    expect((await ask(flavour, { host: 'blocked.example.com', cookie: TWO })).headers[name]).toBeUndefined();
    expect((await ask(flavour, { host: 'one.example.com', cookieHeader: 'a=1' })).headers[name]).toBeUndefined();
  });

  it('two session cookies are no session, whichever is valid (cookie tossing, a stale host cookie): the session cookies are still stripped', async () => {
    for (const header of [
      `gatehouse_session=${ONE}; gatehouse_session=${TWO}`,
      `gatehouse_session=${TWO}; gatehouse_session=junk`,
      `gatehouse_session=${TWO}; x=1; gatehouse_session=${TWO}`,
    ]) {
      expect((await ask(flavour, { host: 'one.example.com', cookieHeader: header })).status).toBe(unauthenticated);
      const open = await ask(flavour, { host: 'open.example.com', cookieHeader: header });
      expect(open.status).toBe(200);
      expect(open.headers['Remote-User']).toBeUndefined();
      expect(open.headers[flavour === 'auth-request' ? 'X-Gatehouse-Cookie' : 'Cookie']).toBe(header.includes('x=1') ? 'x=1' : undefined);
    }
  });

  it('a forged or revoked cookie counts as nobody', async () => {
    expect((await ask(flavour, { host: 'one.example.com', cookie: 'f'.repeat(43) })).status).toBe(unauthenticated);
    expect((await ask(flavour, { host: 'one.example.com', cookie: "' OR 1=1" })).status).toBe(unauthenticated);
  });

  it('the database is down for an uncached session: 503, never 200', async () => {
    expect((await ask(flavour, { host: 'one.example.com', cookie: ONE }, deps({ failLookup: true }))).status).toBe(503);
  });

  it('any exception answers 500, never 200', async () => {
    const broken = deps({ defaultPolicy: 'bypass' });
    broken.rules = {
      current: () => {
        throw new Error('boom');
      },
    };
    expect((await ask(flavour, { host: 'open.example.com' }, broken)).status).toBe(500);
  });

  it('adds X-Gatehouse-Reason to non-200 answers only when enabled', async () => {
    expect((await ask(flavour, { host: 'blocked.example.com' })).headers['X-Gatehouse-Reason']).toBeUndefined();
    expect((await ask(flavour, { host: 'blocked.example.com' }, deps({ debug: true }))).headers['X-Gatehouse-Reason']).toBe('denied');
  });

  it('never caches an answer', async () => {
    expect((await ask(flavour, { host: 'one.example.com', cookie: ONE })).headers['Cache-Control']).toBe('no-store');
  });
});

describe('the admin setting "a second factor for everyone"', () => {
  it('raises one_factor rules to two_factor and leaves the others alone', async () => {
    const d = deps();
    const set = d.rules.current().set;
    d.rules = { current: () => ({ set, defaultPolicy: 'deny', requireTwoFactor: true }) };
    const one = await ask('auth-request', { host: 'one.example.com', cookie: ONE }, d);
    expect(one.status).toBe(401);
    expect(one.headers.Location).toBe(secondFactor('https://one.example.com/'));
    expect((await ask('auth-request', { host: 'one.example.com', cookie: TWO }, d)).status).toBe(200);
    expect((await ask('auth-request', { host: 'open.example.com' }, d)).status).toBe(200);
    expect((await ask('auth-request', { host: 'blocked.example.com', cookie: TWO }, d)).status).toBe(403);
  });
});

describe('forward-auth for non-browsers', () => {
  it('answers 401 (not a redirect) to POSTs, API clients and XHR', async () => {
    for (const request of [
      { host: 'one.example.com', method: 'POST' },
      { host: 'one.example.com', accept: 'application/json' },
      { host: 'one.example.com', xhr: true },
    ]) {
      const response = await ask('forward-auth', request);
      expect(response.status).toBe(401);
      expect(response.headers.Location).toBe(signIn('https://one.example.com/'));
    }
  });
});
