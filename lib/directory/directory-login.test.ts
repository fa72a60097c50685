import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directoryLoginOf } from './directory-login';
import { firstRdnValue } from './dn';

const none = { upnDomain: null, netbiosDomain: null };
const ad = { upnDomain: 'corp.example', netbiosDomain: 'corp' };

describe('directoryLoginOf', () => {
  it('reads plain usernames and emails, lower-cased', () => {
    expect(directoryLoginOf(none, ' Alice ')).toEqual({ by: 'username', value: 'alice' });
    expect(directoryLoginOf(none, 'Alice@Example.com')).toEqual({ by: 'email', value: 'alice@example.com' });
  });

  it('strips the configured UPN domain and NetBIOS domain only', () => {
    expect(directoryLoginOf(ad, 'Alice@Corp.Example')).toEqual({ by: 'username', value: 'alice', upn: 'alice@corp.example' });
    expect(directoryLoginOf(ad, 'CORP\\alice')).toEqual({ by: 'username', value: 'alice' });
    expect(directoryLoginOf(ad, 'alice@other.example')).toEqual({ by: 'email', value: 'alice@other.example' });
    expect(directoryLoginOf(ad, 'OTHER\\alice')).toEqual({ by: 'username', value: 'other\\alice' });
    expect(directoryLoginOf(none, 'corp\\alice')).toEqual({ by: 'username', value: 'corp\\alice' });
    expect(directoryLoginOf(ad, 'corp\\')).toBeNull();
    // The user part is trimmed like a whole login: one canonical form.
    expect(directoryLoginOf(ad, 'CORP\\  Alice')).toEqual({ by: 'username', value: 'alice' });
    expect(directoryLoginOf(ad, 'alice @corp.example')).toEqual({ by: 'username', value: 'alice', upn: 'alice@corp.example' });
    expect(directoryLoginOf(ad, 'corp\\ ')).toBeNull();
  });

  it('names nobody for a login with a control character, or none at all', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 31 }), fc.string(), (a, code, b) => {
        expect(directoryLoginOf(ad, `u${a}${String.fromCharCode(code)}${b}x`)).toBeNull();
      }),
    );
    expect(directoryLoginOf(none, '   ')).toBeNull();
  });
});

describe('firstRdnValue', () => {
  it('unescapes RFC 4514 values', () => {
    expect(firstRdnValue('cn=Domain Admins,cn=Users,dc=example,dc=com')).toEqual({ attribute: 'cn', value: 'Domain Admins' });
    expect(firstRdnValue('CN=Smith\\, John,OU=x')).toEqual({ attribute: 'CN', value: 'Smith, John' });
    expect(firstRdnValue('cn=caf\\C3\\A9+uid=x,dc=y')).toEqual({ attribute: 'cn', value: 'café' });
    expect(firstRdnValue('cn=a\\2Cb,dc=y')).toEqual({ attribute: 'cn', value: 'a,b' });
    expect(firstRdnValue('no equals sign')).toBeNull();
    expect(firstRdnValue('cn=,dc=x')).toBeNull();
  });

  it('reads back any value escaped per RFC 4514', () => {
    const escapeRdn = (v: string) =>
      v
        .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
        .replace(/^[ #]/, (c) => `\\${c}`)
        .replace(/ $/, '\\ ');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (value) => {
        fc.pre(value.trim() !== '');
        expect(firstRdnValue(`cn=${escapeRdn(value)},dc=example,dc=com`)?.value).toBe(value.trim());
      }),
    );
  });
});
