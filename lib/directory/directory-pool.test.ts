import { InsufficientAccessError, InvalidCredentialsError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { isDisabledAccountRefusal } from './directory-pool';

// Active Directory's (and Samba's) diagnostic message for a refused simple bind.
const adRefusal = (code: string) => `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${code}, v1db1`;

describe('isDisabledAccountRefusal', () => {
  it("is Active Directory's invalidCredentials with sub-code 533 only", () => {
    expect(isDisabledAccountRefusal(new InvalidCredentialsError(adRefusal('533')))).toBe(true);
    for (const code of ['52e', '775', '5330', '1533']) expect(isDisabledAccountRefusal(new InvalidCredentialsError(adRefusal(code))), code).toBe(false);
    expect(isDisabledAccountRefusal(new InvalidCredentialsError())).toBe(false);
    expect(isDisabledAccountRefusal(new InsufficientAccessError(adRefusal('533')))).toBe(false);
    expect(isDisabledAccountRefusal(new Error(adRefusal('533')))).toBe(false);
  });
});
