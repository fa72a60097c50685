/**
 * What a typed login names in the directory: a username (plain, `user@<UPN domain>` or
 * `<NETBIOS>\user` when those are configured) or an email address. A login with a control
 * character (NUL included) names nobody: no directory holds such a name, and it never reaches a
 * filter. The user part of `<NETBIOS>\ user` and `user @<domain>` is trimmed like a whole login
 * (Active Directory ignores those spaces when it matches a name, so they are one login). Pure.
 */
import type { DirectorySettings } from './directory-settings';

/** `upn`: `user@<UPN domain>` when the login was that (Active Directory looks it up as a userPrincipalName first). */
export type DirectoryLogin = { by: 'username' | 'email'; value: string; upn?: string };

const CONTROL = /[\u0000-\u001f\u007f]/;

export function directoryLoginOf(settings: Pick<DirectorySettings, 'upnDomain' | 'netbiosDomain'>, login: string): DirectoryLogin | null {
  const value = login.trim().toLowerCase();
  if (value === '' || value.length > 256 || CONTROL.test(value)) return null;
  const slash = value.indexOf('\\');
  if (settings.netbiosDomain && slash > 0 && value.slice(0, slash) === settings.netbiosDomain) {
    const user = value.slice(slash + 1).trim();
    return user ? { by: 'username', value: user } : null;
  }
  const at = value.lastIndexOf('@');
  if (at > 0) {
    const user = value.slice(0, at).trim();
    if (settings.upnDomain && value.slice(at + 1) === settings.upnDomain)
      return user ? { by: 'username', value: user, upn: `${user}@${settings.upnDomain}` } : null;
    return { by: 'email', value };
  }
  return { by: 'username', value };
}
