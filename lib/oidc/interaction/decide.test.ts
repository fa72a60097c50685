import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideInteraction, lastProofMs, proofFresh, requestedScopes, type InteractionFacts } from './decide';

const NOW = new Date('2026-01-01T12:00:00Z');
const STARTED = Math.floor(NOW.getTime() / 1000) - 30;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function facts(
  over: Partial<InteractionFacts> = {},
  session: Partial<Extract<InteractionFacts['session'], { status: 'ok' }>['session']> = {},
): InteractionFacts {
  return {
    uid: 'abc_DEF-123',
    startedAt: STARTED,
    params: { client_id: 'c1', scope: 'openid profile email', prompt: '' },
    session: {
      status: 'ok',
      session: { level: 'one_factor', createdAt: minutesAgo(60), passwordProvenAt: minutesAgo(60), factorProvenAt: null, amr: ['pwd'], ...session },
      user: { id: 'u1', username: 'mia', groups: ['family'] },
    },
    client: { firstParty: false },
    application: { subjects: [], level: 'one_factor' },
    consented: true,
    now: NOW,
    ...over,
  };
}

describe('decideInteraction', () => {
  it('finishes a consented request with the login the session proved', () => {
    expect(decideInteraction(facts())).toEqual({
      kind: 'finish',
      login: { accountId: 'u1', acr: 'one_factor', amr: ['pwd'], ts: Math.floor(minutesAgo(60).getTime() / 1000) },
      scopes: ['openid', 'profile', 'email'],
    });
  });

  it('sends a visitor without a session to sign in, with rd back to the interaction', () => {
    expect(decideInteraction(facts({ session: { status: 'missing' } }))).toEqual({
      kind: 'redirect',
      step: 'sign-in',
      to: '/sign-in?rd=%2Foidc%2Finteraction%2Fabc_DEF-123',
    });
    expect(decideInteraction(facts({ session: { status: 'invalid', reason: 'expired' } }))).toMatchObject({ step: 'sign-in' });
  });

  it('refuses a pending, disabled or rejected account, a user the application does not allow, a client without application', () => {
    expect(decideInteraction(facts({ session: { status: 'invalid', reason: 'account' } }))).toMatchObject({ kind: 'refuse', reason: 'account' });
    expect(decideInteraction(facts({ application: { subjects: ['group:work', 'user:otto'], level: 'one_factor' } }))).toMatchObject({
      kind: 'refuse',
      reason: 'not_allowed',
    });
    expect(decideInteraction(facts({ application: null }))).toMatchObject({ kind: 'refuse', reason: 'unknown_client' });
    expect(decideInteraction(facts({ client: null }))).toMatchObject({ kind: 'refuse', reason: 'unknown_client' });
  });

  it('lets in a listed user or a member of a listed group, compared lower-case', () => {
    expect(decideInteraction(facts({ application: { subjects: ['user:MIA'], level: 'one_factor' } })).kind).toBe('finish');
    expect(decideInteraction(facts({ application: { subjects: ['group:Family'], level: 'one_factor' } })).kind).toBe('finish');
  });

  it('steps a one-factor session up for a two-factor application or acr_values=two_factor, before anything else', () => {
    const stepUp = { kind: 'redirect', step: 'second-factor', to: '/sign-in/second-factor?rd=%2Foidc%2Finteraction%2Fabc_DEF-123' };
    expect(decideInteraction(facts({ application: { subjects: [], level: 'two_factor' }, consented: false }))).toEqual(stepUp);
    expect(decideInteraction(facts({ params: { scope: 'openid', acr_values: 'two_factor' } }))).toEqual(stepUp);
    const two = decideInteraction(
      facts({ application: { subjects: [], level: 'two_factor' } }, { level: 'two_factor', factorProvenAt: minutesAgo(5), amr: ['pwd', 'otp', 'mfa'] }),
    );
    expect(two).toMatchObject({ kind: 'finish', login: { acr: 'two_factor', amr: ['pwd', 'otp', 'mfa'], ts: Math.floor(minutesAgo(5).getTime() / 1000) } });
  });

  it('asks for a fresh proof for prompt=login and an exceeded max_age; a proof made during the interaction counts', () => {
    expect(decideInteraction(facts({ params: { scope: 'openid', prompt: 'login' } }))).toMatchObject({
      step: 'reauth',
      to: '/reauth?rd=%2Foidc%2Finteraction%2Fabc_DEF-123',
    });
    expect(decideInteraction(facts({ params: { scope: 'openid', max_age: 600 } }))).toMatchObject({ step: 'reauth' });
    expect(decideInteraction(facts({ params: { scope: 'openid', max_age: '7200' } })).kind).toBe('finish');
    expect(decideInteraction(facts({ params: { scope: 'openid', prompt: 'login' } }, { passwordProvenAt: new Date(STARTED * 1000 + 1000) })).kind).toBe(
      'finish',
    );
    expect(decideInteraction(facts({ params: { scope: 'openid', max_age: 0 } }, { passwordProvenAt: new Date(STARTED * 1000 + 1000) })).kind).toBe('finish');
  });

  it('shows the consent page unless first-party or already allowed; prompt=consent asks again', () => {
    expect(decideInteraction(facts({ consented: false }))).toEqual({ kind: 'redirect', step: 'consent', to: '/consent/abc_DEF-123' });
    expect(decideInteraction(facts({ params: { scope: 'openid', prompt: 'consent' } }))).toMatchObject({ step: 'consent' });
    expect(decideInteraction(facts({ consented: false, client: { firstParty: true } })).kind).toBe('finish');
    expect(decideInteraction(facts({ consented: false, consentGiven: true })).kind).toBe('finish');
  });

  it('never finishes without a valid session of an allowed user at the required level (any facts)', () => {
    const arbitrary = fc.record({
      status: fc.constantFrom('ok', 'missing', 'invalid'),
      level: fc.constantFrom('one_factor', 'two_factor'),
      appLevel: fc.constantFrom('one_factor', 'two_factor'),
      subjects: fc.array(fc.constantFrom('group:family', 'group:work', 'user:mia', 'user:otto'), { maxLength: 3 }),
      consented: fc.boolean(),
      firstParty: fc.boolean(),
      prompt: fc.constantFrom('', 'login', 'consent', 'none'),
    });
    fc.assert(
      fc.property(arbitrary, (a) => {
        const session: InteractionFacts['session'] =
          a.status === 'ok'
            ? {
                status: 'ok',
                session: {
                  level: a.level,
                  createdAt: minutesAgo(60),
                  passwordProvenAt: minutesAgo(60),
                  factorProvenAt: a.level === 'two_factor' ? minutesAgo(60) : null,
                  amr: [],
                },
                user: { id: 'u1', username: 'mia', groups: ['family'] },
              }
            : a.status === 'missing'
              ? { status: 'missing' }
              : { status: 'invalid', reason: 'account' };
        const decision = decideInteraction(
          facts({
            session,
            application: { subjects: a.subjects, level: a.appLevel },
            consented: a.consented,
            client: { firstParty: a.firstParty },
            params: { scope: 'openid', prompt: a.prompt },
          }),
        );
        if (decision.kind !== 'finish') return;
        expect(a.status).toBe('ok');
        expect(a.subjects.length === 0 || a.subjects.includes('group:family') || a.subjects.includes('user:mia')).toBe(true);
        expect(a.appLevel === 'one_factor' || a.level === 'two_factor').toBe(true);
        expect(a.firstParty || (a.consented && a.prompt !== 'consent')).toBe(true);
        expect(a.prompt).not.toBe('login');
      }),
    );
  });
});

describe('the interaction helpers', () => {
  it('keeps known scopes only, deduplicated', () => {
    expect(requestedScopes({ scope: 'openid openid profile admin email' })).toEqual(['openid', 'profile', 'email']);
    expect(requestedScopes({})).toEqual([]);
  });

  it('takes the latest proof of a session', () => {
    expect(lastProofMs({ createdAt: minutesAgo(10), passwordProvenAt: minutesAgo(9), factorProvenAt: minutesAgo(3) })).toBe(minutesAgo(3).getTime());
    expect(lastProofMs({ createdAt: minutesAgo(10), passwordProvenAt: null, factorProvenAt: null })).toBe(minutesAgo(10).getTime());
  });

  it('judges freshness by the interaction start, prompt=login and max_age', () => {
    const base = { startedAt: 1000, nowMs: 2_000_000 };
    expect(proofFresh({ ...base, proofMs: 1_000_000, loginPrompt: true, maxAge: undefined })).toBe(true);
    expect(proofFresh({ ...base, proofMs: 999_999, loginPrompt: true, maxAge: undefined })).toBe(false);
    expect(proofFresh({ ...base, proofMs: 999_999, loginPrompt: false, maxAge: 1001 })).toBe(true);
    expect(proofFresh({ ...base, proofMs: 999_999, loginPrompt: false, maxAge: 1000 })).toBe(false);
  });
});
