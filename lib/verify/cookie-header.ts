/**
 * The one parser of Cookie request headers, for the verify endpoint and the portal alike: the
 * values of the session cookie, and the header without it (what the upstream app may receive).
 * Linear in the header: one pass, no regular expression. Nothing here is server-only.
 */

export type SplitCookieHeader = {
  /** Every value sent under the session cookie's name, in order (more than one: no session). */
  sessions: string[];
  /** The header minus every session cookie, pairs joined with "; " ('' when nothing is left). */
  rest: string;
};

/** Space and horizontal tab: what RFC 6265 allows around a cookie pair. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * A header value Node and the Fetch API will send: no control character but tab, no DEL, nothing
 * beyond Latin-1. A pair that is not gets dropped from `rest` rather than failing the answer.
 */
function isSendable(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/**
 * Splits a Cookie header (null: none was sent) into the session cookie's values and the rest.
 * A pair's name is the text before its first "=", blanks trimmed, compared exactly (cookie names
 * are case-sensitive); a pair without "=" has no name (browsers send a nameless cookie so).
 */
export function splitCookieHeader(header: string | null, name: string): SplitCookieHeader {
  const sessions: string[] = [];
  if (!header) return { sessions, rest: '' };
  let rest = '';
  let at = 0;
  const length = header.length;
  while (at < length) {
    const semicolon = header.indexOf(';', at);
    let end = semicolon < 0 ? length : semicolon;
    let start = at;
    at = end + 1;
    while (start < end && isBlank(header.charCodeAt(start))) start++;
    while (end > start && isBlank(header.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    const eq = header.indexOf('=', start);
    if (eq >= 0 && eq < end) {
      let nameEnd = eq;
      while (nameEnd > start && isBlank(header.charCodeAt(nameEnd - 1))) nameEnd--;
      if (nameEnd - start === name.length && header.startsWith(name, start)) {
        let valueStart = eq + 1;
        while (valueStart < end && isBlank(header.charCodeAt(valueStart))) valueStart++;
        sessions.push(header.slice(valueStart, end));
        continue;
      }
    }
    if (!isSendable(header, start, end)) continue;
    rest = rest ? `${rest}; ${header.slice(start, end)}` : header.slice(start, end);
  }
  return { sessions, rest };
}

/** The session cookie's value when exactly one was sent; undefined for none or several (a tossed or stale duplicate). */
export function singleSessionCookie(split: SplitCookieHeader): string | undefined {
  return split.sessions.length === 1 ? split.sessions[0] : undefined;
}

/**
 * Set-Cookie values that expire the session cookie both as a host-only cookie and as one for the
 * cookie domain (Path=/): a browser holding both sends two, and the portal then clears them.
 * Cookie-header attributes as the portal sets them (lib/auth/session-cookie.ts).
 */
export function expiredSessionCookies(cookie: { name: string; domain?: string; secure: boolean }): string[] {
  const attributes = `Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${cookie.secure ? '; Secure' : ''}`;
  const hostOnly = `${cookie.name}=; ${attributes}`;
  return cookie.domain ? [hostOnly, `${cookie.name}=; Domain=${cookie.domain}; ${attributes}`] : [hostOnly];
}
