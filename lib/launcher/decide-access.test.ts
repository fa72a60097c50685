/**
 * The tile decision against the verify endpoint itself: for random rule sets, users, groups,
 * sessions and client addresses, the launcher's answer for an application's front door is the
 * answer verifyRequest gives a browser asking for it with that user's session. A tile is shown iff
 * the compiled rules allow the user at some level; never for a deny.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../policy/compile';
import { storedRule } from '../policy/empty-rule';
import { evaluateRules } from '../policy/evaluate';
import { POLICIES, type TPolicy, type TRuleInput } from '../policy/types';
import type { CredentialSource } from '../verify/credential-source';
import type { HeaderBag } from '../verify/headers';
import { verifyRequest, type VerifyResponse } from '../verify/verify-request';
import { decideAccess, type TLauncherViewer } from './decide-access';

const PORTAL = 'https://auth.example.test';
const ORIGINS = ['https://a.example.test', 'https://b.example.test', 'http://c.other.test:8080', 'https://A.Example.Test:443', 'https://d.example.test:8443'];

const ruleArb: fc.Arbitrary<Partial<TRuleInput>> = fc.record({
  domains: fc.subarray(['a.example.test', '*.example.test', 'b.example.test', 'c.other.test', 'd.example.test']),
  paths: fc.constantFrom<TRuleInput['paths']>([], [{ kind: 'prefix', value: '/' }], [{ kind: 'prefix', value: '/api/' }], [{ kind: 'regex', value: '^/$' }]),
  methods: fc.constantFrom<string[]>([], ['GET'], ['POST'], ['GET', 'HEAD']),
  subjects: fc.array(fc.subarray(['user:u1', 'user:u2', 'group:g1', 'group:g2', 'group:G3'], { minLength: 1 }), { maxLength: 2 }),
  networks: fc.constantFrom<string[]>([], ['127.0.0.0/8'], ['192.0.2.0/24'], ['2001:db8::/32']),
  policy: fc.constantFrom(...POLICIES),
});

const viewerArb: fc.Arbitrary<TLauncherViewer> = fc.record({
  username: fc.constantFrom('u1', 'u2', 'u3'),
  groups: fc.subarray(['g1', 'g2', 'g3']),
  sessionLevel: fc.constantFrom('one_factor' as const, 'two_factor' as const),
  hasSecondFactor: fc.boolean(),
  clientIp: fc.constantFrom<string | null>('127.0.0.1', '192.0.2.7', '2001:db8::5', '203.0.113.9', null),
});

const caseArb = fc.record({
  rules: fc.array(ruleArb, { maxLength: 8 }),
  defaultPolicy: fc.constantFrom<TPolicy>(...POLICIES),
  requireTwoFactor: fc.boolean(),
  viewer: viewerArb,
  origin: fc.constantFrom(...ORIGINS),
});

/** What the verify endpoint answers a browser's GET of `url` carrying `viewer`'s session, from `viewer.clientIp`. */
async function verifyAs(url: string, viewer: TLauncherViewer, rules: ReturnType<typeof compileRules>, defaultPolicy: TPolicy, requireTwoFactor: boolean) {
  const session: CredentialSource = {
    claims: () => true,
    authenticate: () => ({
      status: 'ok',
      session: {
        sessionId: 's',
        level: viewer.sessionLevel,
        expiresAt: Date.now() + 3_600_000,
        lastSeenAt: Date.now(),
        user: { id: 'u', username: viewer.username, displayName: viewer.username, email: `${viewer.username}@example.test`, groups: viewer.groups },
      },
    }),
  };
  const map = new Map([
    ['x-original-url', url],
    ['x-original-method', 'GET'],
    ['accept', 'text/html'],
  ]);
  const headers: HeaderBag = { get: (n) => map.get(n) ?? null, count: (n) => (map.has(n) ? 1 : 0) };
  const deps = {
    portalUrl: PORTAL,
    // No trusted proxy: the peer is the client address, as the portal sees it.
    trustedProxies: [],
    debugHeaders: true,
    cookieName: 'gatehouse_session',
    sources: [session],
    rules: { current: () => ({ set: rules, defaultPolicy, requireTwoFactor }) },
  };
  return (await verifyRequest({ flavour: 'auth-request', headers, peer: viewer.clientIp }, deps)) as VerifyResponse;
}

describe('decideAccess', () => {
  it('says what the verify endpoint answers for the front door, for random rules, users and sessions', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ rules, defaultPolicy, requireTwoFactor, viewer, origin }) => {
        const set = compileRules(rules.map((rule, i) => storedRule(i + 1, rule)));
        const decision = decideAccess([origin], { set, defaultPolicy, requireTwoFactor }, viewer);
        const answer = await verifyAs(`${origin}/`, viewer, set, defaultPolicy, requireTwoFactor);
        const reason = answer.headers['X-Gatehouse-Reason'];
        if (answer.status === 403) {
          expect(decision).toBeNull();
          return;
        }
        expect(decision).not.toBeNull();
        expect(answer.status === 200).toBe(decision!.access === 'open');
        expect(decision!.needs).toBe({ bypass: 'nothing', 'one-factor': 'sign-in', 'two-factor': 'second-factor', 'second-factor': 'second-factor' }[reason!]);
        if (answer.status !== 200) {
          expect(answer.headers.Location).toBe(`${PORTAL}/sign-in/second-factor?rd=${encodeURIComponent(decision!.url)}`);
          expect(decision!.access).toBe(viewer.hasSecondFactor ? 'confirm-factor' : 'add-factor');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('shows a tile iff the compiled evaluation allows the user at some level; never for a deny', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, defaultPolicy, requireTwoFactor, viewer, origin }) => {
        const set = compileRules(rules.map((rule, i) => storedRule(i + 1, rule)));
        const decision = decideAccess([origin], { set, defaultPolicy, requireTwoFactor }, viewer);
        const url = new URL(`${origin}/`);
        const evaluation = evaluateRules(
          set,
          { host: url.hostname, path: '/', query: '', method: 'GET', clientIp: viewer.clientIp, user: { username: viewer.username, groups: viewer.groups } },
          defaultPolicy,
        );
        expect(decision === null).toBe(evaluation.policy === 'deny');
      }),
      { numRuns: 400 },
    );
  });

  it('links to the canonical front door of the first URL', () => {
    const set = compileRules([storedRule(1, { domains: ['a.example.test'], policy: 'one_factor' })]);
    const viewer: TLauncherViewer = { username: 'u1', groups: [], sessionLevel: 'one_factor', hasSecondFactor: false, clientIp: null };
    const rules = { set, defaultPolicy: 'deny' as const, requireTwoFactor: false };
    expect(decideAccess(['https://A.example.test:443', 'https://b.example.test'], rules, viewer)).toEqual({
      needs: 'sign-in',
      access: 'open',
      url: 'https://a.example.test/',
    });
    expect(decideAccess(['https://b.example.test', 'https://a.example.test'], rules, viewer)).toBeNull();
  });

  it('shows nothing for an application without a URL or with one the verify endpoint refuses', () => {
    const rules = { set: compileRules([]), defaultPolicy: 'bypass' as const, requireTwoFactor: false };
    const viewer: TLauncherViewer = { username: 'u1', groups: [], sessionLevel: 'two_factor', hasSecondFactor: true, clientIp: null };
    expect(decideAccess([], rules, viewer)).toBeNull();
    expect(decideAccess(['ftp://a.example.test'], rules, viewer)).toBeNull();
    expect(decideAccess(['https://user@a.example.test'], rules, viewer)).toBeNull();
  });

  it('the admin setting "a second factor for everyone" raises one factor to two, as the verify endpoint does', () => {
    const set = compileRules([storedRule(1, { policy: 'one_factor' })]);
    const viewer: TLauncherViewer = { username: 'u1', groups: [], sessionLevel: 'one_factor', hasSecondFactor: false, clientIp: null };
    expect(decideAccess(['https://a.example.test'], { set, defaultPolicy: 'deny', requireTwoFactor: true }, viewer)).toMatchObject({
      needs: 'second-factor',
      access: 'add-factor',
    });
    expect(
      decideAccess(['https://a.example.test'], { set, defaultPolicy: 'deny', requireTwoFactor: true }, { ...viewer, hasSecondFactor: true }),
    ).toMatchObject({
      access: 'confirm-factor',
    });
  });
});
