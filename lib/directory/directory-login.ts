/**
 * What a typed login names in the directory: a username (plain, `user@<UPN domain>` or
 * `<NETBIOS>\user` when those are configured) or an email address. A login with a control
 * character (NUL included) names nobody: no directory holds such a name, and it never reaches a
 * filter. Pure.
 */
import type { DirectorySettings } from './directory-settings';

/** `upn`: the whole login when it was `user@<UPN domain>` (Active Directory looks it up as a userPrincipalName first). */
export type DirectoryLogin = { by: 'username' | 'email'; value: string; upn?: string };

const CONTROL = /[\u0000-\u001f\u007f]/;

export function directoryLoginOf(settings: Pick<DirectorySettings, 'upnDomain' | 'netbiosDomain'>, login: string): DirectoryLogin | null {
  const value = login.trim().toLowerCase();
  if (value === '' || value.length > 256 || CONTROL.test(value)) return null;
  const slash = value.indexOf('\\');
  if (settings.netbiosDomain && slash > 0 && value.slice(0, slash) === settings.netbiosDomain) {
    const user = value.slice(slash + 1);
    return user ? { by: 'username', value: user } : null;
  }
  const at = value.lastIndexOf('@');
  if (at > 0) {
    if (settings.upnDomain && value.slice(at + 1) === settings.upnDomain) return { by: 'username', value: value.slice(0, at), upn: value };
    return { by: 'email', value };
  }
  return { by: 'username', value };
}
