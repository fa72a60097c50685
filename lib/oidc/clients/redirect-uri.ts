/**
 * One spelling for the addresses an OpenID Connect client registers: redirect URIs, post-logout
 * redirect URIs and the back-channel logout URI. The provider compares redirect URIs as exact
 * strings, so what is stored must be the one form the WHATWG URL parser gives back: anything that
 * does not re-serialise to itself (upper-case host, default port, `127.1`, a backslash, a
 * percent-escape spelled differently…) is refused with the spelling to use instead, never fixed up.
 *
 * - Web addresses: `http:` or `https:`, a host, no user name or password, no `#fragment`, no `*`.
 *   A bare origin (`https://pve.example.com:8006`, which Proxmox VE sends as its redirect URI) is
 *   kept as typed: the parser writes it with a `/`, and both spellings are single, distinct strings.
 * - Native apps (public clients only, RFC 8252): a private-use scheme such as
 *   `x-paperless://oidc-callback` (§7.1; never `javascript:`, `data:`, `file:` or another scheme a
 *   browser acts on), or a loopback address `http://127.0.0.1…` / `http://[::1]…` (§7.3). The
 *   provider accepts any port on a registered loopback redirect of a native client (§7.3: the app
 *   picks a free port when it starts), so the port registered there does not matter.
 * - Back-channel logout (Gatehouse POSTs a logout token to it, server to server): `https:`, or
 *   `http:` only to a loopback or private-network host (127.0.0.0/8, ::1, 10/8, 172.16/12,
 *   192.168/16, `localhost`, `*.localhost`, `*.lan`, `*.home.arpa`, `*.internal`), where the
 *   token does not cross the internet in clear. Never a fragment (OpenID Connect Back-Channel
 *   Logout 1.0 §2.2).
 */

export type TUriCheck = { ok: true; uri: string } | { ok: false; message: string };
export type TUriKind = 'web' | 'native' | 'backchannel';

export const URI_MAX = 2000;
// eslint-disable-next-line no-control-regex
const SPACE_OR_CONTROL = /[\u0000-\u0020\u007f-\u009f]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Schemes a browser or the OS acts on itself: never a place to send an authorization code. */
const REFUSED_SCHEMES = new Set([
  'javascript',
  'data',
  'file',
  'vbscript',
  'about',
  'blob',
  'filesystem',
  'view-source',
  'ws',
  'wss',
  'ftp',
  'mailto',
  'tel',
  'sms',
  'chrome',
  'intent',
  'urn',
]);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);
const PRIVATE_SUFFIXES = ['.localhost', '.lan', '.home.arpa', '.internal'];

/** 127/8, 10/8, 172.16/12, 192.168/16 (the parser has already written the address as four decimals). */
function isPrivateIpv4(host: string): boolean {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p))) return false;
  const [a, b] = parts as [number, number, number, number];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function isPrivateHost(host: string): boolean {
  if (host === 'localhost' || host === '[::1]' || isPrivateIpv4(host)) return true;
  return PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Whether `uri` (already canonical) is a loopback redirect in the sense of RFC 8252 §7.3. */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** The parser's spelling of `text`, or how to write it: the one canonical form. */
function reserialises(text: string, url: URL): TUriCheck {
  if (url.href === text) return { ok: true, uri: text };
  // A bare origin: the parser adds the root path; the origin itself is kept as typed.
  if (url.pathname === '/' && url.search === '' && url.href === `${text}/` && url.origin === text) return { ok: true, uri: text };
  return { ok: false, message: `Write it exactly as ${url.href} (one spelling: lower-case host, no default port, no extra escapes).` };
}

function checkWeb(text: string, url: URL, kind: TUriKind): TUriCheck {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return {
      ok: false,
      message:
        kind === 'web'
          ? 'A web application’s address starts with https:// or http://. App schemes (such as x-paperless://) are for public clients.'
          : 'An address starts with https:// or http://.',
    };
  if (url.hostname === '') return { ok: false, message: 'An address needs a host, such as https://app.example.com/callback.' };
  if (url.hostname.endsWith('.')) return { ok: false, message: 'Write the host without a trailing dot.' };
  if (kind === 'backchannel' && url.protocol === 'http:' && !isPrivateHost(url.hostname))
    return {
      ok: false,
      message: 'A back-channel logout address uses https://, or http:// only on this machine or a private network (such as 192.168.x.x or *.lan).',
    };
  return reserialises(text, url);
}

/**
 * `raw` as the client must register it, or why not. `kind` is 'web' for a confidential client's
 * addresses, 'native' for a public client's (web addresses too, plus app schemes and loopback),
 * 'backchannel' for the back-channel logout URI.
 */
export function canonicalRedirectUri(raw: string, kind: TUriKind): TUriCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Enter an address, such as https://app.example.com/callback.' };
  if (text.length > URI_MAX) return { ok: false, message: `An address has at most ${URI_MAX} characters.` };
  if (SPACE_OR_CONTROL.test(text)) return { ok: false, message: 'An address cannot contain spaces or control characters.' };
  if (text.includes('*')) return { ok: false, message: 'Wildcards (*) are not allowed: register each exact address.' };
  if (text.includes('#')) return { ok: false, message: 'An address cannot contain a #fragment.' };
  if (text.includes('\\')) return { ok: false, message: 'An address cannot contain a backslash (\\).' };
  const scheme = SCHEME.exec(text)?.[1];
  if (!scheme) return { ok: false, message: 'An address starts with a scheme, such as https://.' };
  if (scheme !== scheme.toLowerCase()) return { ok: false, message: `Write the scheme in lower case: ${scheme.toLowerCase()}:` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `${JSON.stringify(text.slice(0, 80))} is not a valid address.` };
  }
  if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?]*@/i.test(text))
    return { ok: false, message: 'An address cannot contain a user name or password (user:pass@).' };
  if (url.protocol === 'http:' || url.protocol === 'https:' || kind !== 'native') return checkWeb(text, url, kind);
  if (REFUSED_SCHEMES.has(scheme))
    return { ok: false, message: `The ${scheme}: scheme cannot receive a sign-in. Use the app’s own scheme, such as x-paperless://.` };
  if (scheme.length < 3) return { ok: false, message: 'An app scheme has at least three characters, such as x-paperless.' };
  if (url.host === '' && url.pathname === '') return { ok: false, message: 'Add the callback after the scheme, such as x-paperless://oidc-callback.' };
  return reserialises(text, url);
}

/** Every line of `lines`, checked; the first problem names its line. Duplicates are refused. */
export function canonicalRedirectList(lines: string[], kind: TUriKind): { ok: true; uris: string[] } | { ok: false; message: string } {
  const uris: string[] = [];
  for (const [index, line] of lines.entries()) {
    const checked = canonicalRedirectUri(line, kind);
    const where = lines.length > 1 ? `Line ${index + 1}: ` : '';
    if (!checked.ok) return { ok: false, message: `${where}${checked.message}` };
    if (uris.includes(checked.uri)) return { ok: false, message: `${where}${checked.uri} is listed twice.` };
    uris.push(checked.uri);
  }
  return { ok: true, uris };
}
