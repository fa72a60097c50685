/**
 * The path as it may appear in a log line: no query string or fragment (a query can carry a
 * token: ?token=…, OAuth's ?code=…), and the one-time tokens that some pages carry in the path
 * itself (/password/<token>, /setup/<token>, …) replaced, as is any long opaque segment.
 */

/** Pages whose next segment is a secret link's token (app/(auth)/…/[token], app/(dashboard)/device/[token]). */
const TOKEN_AFTER = ['/password/', '/setup/', '/sign-in/email/', '/device/'] as const;
/** A segment this long made only of token characters is treated as a secret whatever the page. */
const OPAQUE_SEGMENT = /^[A-Za-z0-9_~.%+=-]{24,}$/;
const MAX_LENGTH = 256;
/** A path shorter than this has no segment as long as OPAQUE_SEGMENT asks. */
const SHORT = 25;

export const REDACTED = ':redacted';

export function loggedPath(url: string | undefined): string {
  if (!url) return '';
  let end = url.length;
  const query = url.indexOf('?');
  if (query >= 0) end = query;
  const hash = url.indexOf('#');
  if (hash >= 0 && hash < end) end = hash;
  let path = url.slice(0, end);
  // Most paths (the verify endpoint's, every page's) are short: nothing in them can be a token.
  if (path.length < SHORT && !TOKEN_AFTER.some((prefix) => path.startsWith(prefix))) return path;
  for (const prefix of TOKEN_AFTER) {
    if (path.startsWith(prefix) && path.length > prefix.length) {
      const rest = path.indexOf('/', prefix.length);
      path = `${prefix}${REDACTED}${rest < 0 ? '' : path.slice(rest)}`;
    }
  }
  path = path
    .split('/')
    .map((segment) => (OPAQUE_SEGMENT.test(segment) ? REDACTED : segment))
    .join('/');
  return path.length > MAX_LENGTH ? `${path.slice(0, MAX_LENGTH)}…` : path;
}
