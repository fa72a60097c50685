import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorableVariable } from '../../config';
import { DIRECTORY_PRESET_IDS, DIRECTORY_PRESETS } from '../../config/directory-presets';
import { directoryChanges, directoryFieldFor, initialFormValues, presetFill, ZDirectorySettings } from './directory-form';

const NONE: ReadonlySet<StorableVariable> = new Set();
const form = (values: Record<string, string>) => ZDirectorySettings.parse(values);

describe('directory form → stored variables', () => {
  it('a field left at its preset value is stored as nothing, so the preset provides it; a different value is stored', () => {
    const changes = directoryChanges(
      form({ preset: 'openldap', urls: 'ldaps://dir.example.com', userFilter: DIRECTORY_PRESETS.openldap.userFilter, usernameAttribute: 'cn' }),
      NONE,
    );
    expect(changes.GATEHOUSE_LDAP_PRESET).toBe('openldap');
    expect(changes.GATEHOUSE_LDAP_URLS).toBe('ldaps://dir.example.com');
    expect(changes.GATEHOUSE_LDAP_USER_FILTER).toBeNull();
    expect(changes.GATEHOUSE_LDAP_USERNAME_ATTRIBUTE).toBe('cn');
  });

  it('certificate checking is on unless unticked; StartTLS only when ticked', () => {
    expect(directoryChanges(form({ tlsVerify: 'on' }), NONE)).toMatchObject({ GATEHOUSE_LDAP_TLS_VERIFY: null, GATEHOUSE_LDAP_START_TLS: null });
    expect(directoryChanges(form({ startTls: 'on' }), NONE)).toMatchObject({ GATEHOUSE_LDAP_TLS_VERIFY: 'false', GATEHOUSE_LDAP_START_TLS: 'true' });
  });

  it('the bind password is kept unless replaced or cleared, and goes with the bind DN', () => {
    expect('GATEHOUSE_LDAP_BIND_PASSWORD' in directoryChanges(form({ bindDn: 'cn=svc', passwordAction: 'keep' }), NONE)).toBe(false);
    expect(directoryChanges(form({ bindDn: 'cn=svc', passwordAction: 'replace', bindPassword: 's3cret' }), NONE).GATEHOUSE_LDAP_BIND_PASSWORD).toBe('s3cret');
    expect(directoryChanges(form({ bindDn: 'cn=svc', passwordAction: 'clear' }), NONE).GATEHOUSE_LDAP_BIND_PASSWORD).toBeNull();
    expect(directoryChanges(form({ bindDn: '', passwordAction: 'keep' }), NONE).GATEHOUSE_LDAP_BIND_PASSWORD).toBeNull();
    // A bind DN fixed in the environment is not sent by the form: the stored password stays.
    const fixed = new Set<StorableVariable>(['GATEHOUSE_LDAP_BIND_DN']);
    expect('GATEHOUSE_LDAP_BIND_PASSWORD' in directoryChanges(form({ passwordAction: 'keep' }), fixed)).toBe(false);
  });

  it('variables fixed in the environment are never stored, whatever the form sends', () => {
    fc.assert(
      fc.property(
        fc.subarray(['GATEHOUSE_LDAP_URLS', 'GATEHOUSE_LDAP_PRESET', 'GATEHOUSE_LDAP_TLS_VERIFY', 'GATEHOUSE_LDAP_BIND_PASSWORD'] as const),
        (names) => {
          const changes = directoryChanges(
            form({ preset: 'lldap', urls: 'ldap://x', passwordAction: 'replace', bindPassword: 'p', bindDn: 'cn=a' }),
            new Set(names),
          );
          for (const name of names) expect(name in changes).toBe(false);
        },
      ),
    );
  });

  it('group lists typed one per line or with commas are stored comma-separated; URLs space-separated', () => {
    const changes = directoryChanges(form({ allowedGroups: ' staff\n\nops , paperless ', urls: 'ldaps://a:636\nldaps://b:636' }), NONE);
    expect(changes.GATEHOUSE_LDAP_ALLOWED_GROUPS).toBe('staff,ops,paperless');
    expect(changes.GATEHOUSE_LDAP_URLS).toBe('ldaps://a:636 ldaps://b:636');
  });

  it('choosing a preset and saving at once stores only the preset (every filled field is its value)', () => {
    for (const preset of DIRECTORY_PRESET_IDS) {
      const changes = directoryChanges(form({ preset, ...presetFill(preset) }), NONE);
      const stored = Object.entries(changes).filter(
        ([name, value]) => value !== null && !['GATEHOUSE_LDAP_PRESET', 'GATEHOUSE_LDAP_TLS_VERIFY'].includes(name),
      );
      expect(stored).toEqual([]);
    }
  });

  it('the form starts from the stored values, falling back to the preset', () => {
    const values = initialFormValues({
      GATEHOUSE_LDAP_PRESET: { value: 'active-directory-gc' },
      GATEHOUSE_LDAP_URLS: { value: 'ldap://gc1:3268 ldap://gc2:3268' },
      GATEHOUSE_LDAP_ALLOWED_GROUPS: { value: 'staff,ops' },
    });
    expect(values).toMatchObject({
      preset: 'active-directory-gc',
      urls: 'ldap://gc1:3268\nldap://gc2:3268',
      allowedGroups: 'staff\nops',
      usernameAttribute: 'sAMAccountName',
    });
    expect(initialFormValues({ GATEHOUSE_LDAP_PRESET: { value: 'nonsense' } }).preset).toBe('custom');
  });

  it("a problem about a variable is shown beside that variable's field", () => {
    expect(directoryFieldFor('GATEHOUSE_LDAP_USER_BASE')).toBe('userBase');
    expect(directoryFieldFor('GATEHOUSE_LDAP_BIND_PASSWORD')).toBe('bindPassword');
    expect(directoryFieldFor('GATEHOUSE_SMTP_HOST')).toBe('form');
    expect(directoryFieldFor(undefined)).toBe('form');
  });
});
