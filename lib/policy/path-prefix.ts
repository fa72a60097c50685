/**
 * Path prefixes of access rules, in the verify endpoint's canonical spelling
 * (lib/verify/forwarded-request.ts): percent-encoded unreserved characters decoded, other escapes
 * in upper-case hex. Prefixes match ignoring ASCII case, so they are compared lower-cased: the
 * compiler lower-cases a prefix once, the evaluator the path once per request.
 */

/** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Why a prefix can never match a path the verify endpoint accepts (it refuses such paths with
 * 400 before any rule), or null. A prefix may end inside a segment ("/api/v" matches "/api/v2/"),
 * so only complete dot segments count here.
 */
export function prefixProblem(prefix: string): string | null {
  if (!prefix.startsWith('/')) return 'A path prefix starts with /, such as /api/.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(prefix)) return 'A path prefix cannot contain spaces or control characters; write them percent-encoded, such as %20.';
  if (/[^\u0021-\u007e]/.test(prefix)) return 'A path prefix cannot contain non-ASCII characters; write them percent-encoded as UTF-8, such as %C3%A9 for é.';
  if (/[?#]/.test(prefix)) return 'A path prefix cannot contain ? or #: it matches the path only. Use a regex to match the query.';
  if (/\\|%5c/i.test(prefix)) return 'A path prefix cannot contain a backslash (\\ or %5C): Gatehouse refuses such paths.';
  if (/%2f/i.test(prefix)) return 'A path prefix cannot contain an encoded slash (%2F): Gatehouse refuses such paths.';
  if (prefix.includes(';')) return 'A path prefix cannot contain ; (path parameters): Gatehouse refuses such paths.';
  if (/%(?![0-9a-f]{2})/i.test(prefix)) return 'A path prefix has a % that is not followed by two hex digits.';
  if (/%(?:[01][0-9a-f]|7f)/i.test(prefix)) return 'A path prefix cannot contain an encoded control character (%00 to %1F, %7F).';
  if (prefix.includes('//')) return 'A path prefix cannot contain an empty segment (//): Gatehouse refuses such paths.';
  const decoded = prefix.replace(/%2e/gi, '.');
  if (/\/\.\.?\//.test(decoded)) return 'A path prefix cannot contain a dot segment (/./ or /../): Gatehouse refuses such paths.';
  return null;
}

/** The prefix as the evaluator compares it: canonical escapes, then lower case. */
export function comparablePrefix(prefix: string): string {
  return prefix
    .replace(/%([0-9A-Fa-f]{2})/g, (sequence, hex: string) => {
      const char = String.fromCharCode(parseInt(hex, 16));
      return UNRESERVED.test(char) ? char : sequence.toUpperCase();
    })
    .toLowerCase();
}
