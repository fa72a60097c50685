import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assuranceRedirect } from './assurance-paths';

describe('assuranceRedirect', () => {
  it('sends each need to its page, returning to where the request was', () => {
    const here = '/admin/users?q=a&b=c';
    expect(assuranceRedirect('sign-in', here)).toBe('/sign-in?rd=%2Fadmin%2Fusers%3Fq%3Da%26b%3Dc');
    expect(assuranceRedirect('second-factor', here)).toBe('/sign-in/second-factor?rd=%2Fadmin%2Fusers%3Fq%3Da%26b%3Dc');
    expect(assuranceRedirect('enroll-factor', here)).toBe('/security?required=admin&rd=%2Fadmin%2Fusers%3Fq%3Da%26b%3Dc');
    expect(assuranceRedirect('sudo', here)).toBe('/reauth?rd=%2Fadmin%2Fusers%3Fq%3Da%26b%3Dc');
    expect(assuranceRedirect('not-found', here)).toBeNull();
    expect(assuranceRedirect('sign-in', '/')).toBe('/sign-in');
  });

  it('never returns anywhere but a path on the portal', () => {
    for (const here of ['//evil.example/x', 'https://evil.example/', 'evil', '']) expect(assuranceRedirect('sudo', here)).toBe('/reauth?rd=%2F');
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('sign-in', 'second-factor', 'enroll-factor', 'sudo') as fc.Arbitrary<'sign-in' | 'second-factor' | 'enroll-factor' | 'sudo'>,
        (here, need) => {
          const target = assuranceRedirect(need, here)!;
          expect(target.startsWith('/') && !target.startsWith('//')).toBe(true);
          const rd = new URL(target, 'http://portal.invalid').searchParams.get('rd');
          if (rd !== null) expect(rd.startsWith('/') && !rd.startsWith('//')).toBe(true);
        },
      ),
    );
  });
});
