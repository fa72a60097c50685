import { describe, expect, it } from 'vitest';
import { decideSignup, type SignupInput } from './decide-signup';
import { SIGNUP_POLICIES, type SignupPolicy } from './signup-config';

const base = (over: Partial<SignupInput> = {}): SignupInput => ({
  policy: 'open-with-approval',
  autoApproveDomains: ['family.example'],
  approvedEmails: ['boss@elsewhere.example'],
  email: 'anna@family.example',
  emailVerified: true,
  hasInvitation: false,
  ...over,
});

/** Every combination of policy × email kind × verified × invitation, with the expected outcome. */
type Kind = 'approved-email' | 'approved-domain' | 'other' | 'none';
const EMAIL: Record<Kind, string | null> = {
  'approved-email': 'boss@elsewhere.example',
  'approved-domain': 'anna@family.example',
  other: 'zed@random.example',
  none: null,
};

function expected(policy: SignupPolicy, kind: Kind, verified: boolean, invited: boolean): string {
  if (kind === 'none') return 'refused:no-email';
  if (verified && invited) return 'active:invitation';
  if (verified && kind === 'approved-email') return 'active:approved-email';
  if (verified && policy === 'auto-approve' && kind === 'approved-domain') return 'active:approved-domain';
  if (policy === 'closed') return 'refused:closed';
  return 'pending:needs-approval';
}

describe('decideSignup, every combination', () => {
  const cases: [SignupPolicy, Kind, boolean, boolean][] = [];
  for (const policy of SIGNUP_POLICIES)
    for (const kind of Object.keys(EMAIL) as Kind[])
      for (const verified of [true, false]) for (const invited of [true, false]) cases.push([policy, kind, verified, invited]);

  it.each(cases)('%s, %s email, verified %s, invited %s', (policy, kind, verified, invited) => {
    const decision = decideSignup(base({ policy, email: EMAIL[kind], emailVerified: verified, hasInvitation: invited }));
    expect(`${decision.outcome}:${decision.reason}`).toBe(expected(policy, kind, verified, invited));
  });

  it('covers 48 combinations', () => expect(cases).toHaveLength(48));
});

describe('decideSignup, hostile and odd input', () => {
  it("an unverified email that matches the approved list (say, an admin's) only waits", () => {
    expect(decideSignup(base({ email: 'boss@elsewhere.example', emailVerified: false }))).toMatchObject({ outcome: 'pending' });
  });

  it('compares emails and domains without regard to case or surrounding spaces', () => {
    expect(decideSignup(base({ email: '  BOSS@Elsewhere.Example ' }))).toMatchObject({ outcome: 'active', reason: 'approved-email' });
    expect(decideSignup(base({ policy: 'auto-approve', email: 'Zoe@FAMILY.example' }))).toMatchObject({ outcome: 'active', reason: 'approved-domain' });
  });

  it('a subdomain or a look-alike of an approved domain is not approved', () => {
    expect(decideSignup(base({ policy: 'auto-approve', email: 'x@evil.family.example' })).outcome).toBe('pending');
    expect(decideSignup(base({ policy: 'auto-approve', email: 'x@family.example.evil' })).outcome).toBe('pending');
    expect(decideSignup(base({ policy: 'auto-approve', email: 'family.example@evil.example' })).outcome).toBe('pending');
  });

  it('an empty or address-less email counts as no email', () => {
    for (const email of ['', '   ', 'not-an-address']) expect(decideSignup(base({ email })).outcome).toBe('refused');
  });

  it('says why, in words a person can act on', () => {
    const refused = decideSignup(base({ policy: 'closed', email: 'zed@random.example' }));
    expect(refused.outcome === 'refused' && refused.message).toMatch(/invitation/);
  });
});
