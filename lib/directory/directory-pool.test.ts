import fc from 'fast-check';
import { InsufficientAccessError, InvalidCredentialsError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { AD_BIND_REFUSALS, adBindRefusal } from './directory-pool';

// Active Directory's (and Samba's) diagnostic message for a refused simple bind.
const adRefusal = (code: string) => `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${code}, v1db1`;

describe('adBindRefusal', () => {
  it("reads Active Directory's sub-codes on invalidCredentials only", () => {
    expect(adBindRefusal(new InvalidCredentialsError(adRefusal('533')))).toBe('disabled');
    expect(adBindRefusal(new InvalidCredentialsError(adRefusal('701')))).toBe('account_expired');
    expect(adBindRefusal(new InvalidCredentialsError(adRefusal('532')))).toBe('password_expired');
    expect(adBindRefusal(new InvalidCredentialsError(adRefusal('773')))).toBe('password_must_change');
    expect(adBindRefusal(new InvalidCredentialsError(adRefusal('775')))).toBe('locked');
    for (const code of ['52e', '525', '530', '5330', '1533', '53']) expect(adBindRefusal(new InvalidCredentialsError(adRefusal(code))), code).toBeNull();
    expect(adBindRefusal(new InvalidCredentialsError())).toBeNull();
    expect(adBindRefusal(new InsufficientAccessError(adRefusal('533')))).toBeNull();
    expect(adBindRefusal(new Error(adRefusal('533')))).toBeNull();
  });

  it('never reads a refusal out of a message without a "data <code>" token of its own', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (message) => {
        const refusal = adBindRefusal(new InvalidCredentialsError(message));
        if (refusal === null) return;
        const code = /\bdata ([0-9a-f]{3})\b/i.exec(message)?.[1]?.toLowerCase();
        expect(code && AD_BIND_REFUSALS[code as keyof typeof AD_BIND_REFUSALS]).toBe(refusal);
      }),
      { numRuns: 500 },
    );
    // An attacker cannot choose the server's message, but a name echoed into it must not turn a wrong password into "expired":
    expect(adBindRefusal(new InvalidCredentialsError(`${adRefusal('52e')} for user "data 773"`))).toBeNull();
  });
});
