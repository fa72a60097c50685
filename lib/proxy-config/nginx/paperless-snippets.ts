/** The Paperless-ngx snippets: the server-level refusals and the probe locations. */
import { PAPERLESS_AUTHORIZATION_HEADER, PAPERLESS_BLOCKED_BODY, PAPERLESS_INVALID_TOKEN_BODY } from '../types';
import { block, forwardingLines, quoted, stripLines } from './lines';
import { PAPERLESS_UNAUTHORIZED_LOCATION, PROBE_EXACT_VARIABLE, TOKEN_CLIENT_VARIABLE } from './names';

/**
 * Server-level part of a Paperless host (included once in its server block): refuses paths
 * with dot segments, answers API clients' 401s with Paperless's JSON, and blocks the endpoints
 * that hand out the account's real token or bypass Gatehouse (the Django admin).
 *
 * Location matching uses nginx's normalised URI (percent-decoded, `//` merged, `.`/`..`
 * resolved), but proxy_pass without a URI forwards the client's raw request line: a request for
 * `/admin/../documents/` would match `location /` and reach Django as `/admin/../documents/`
 * (Django resolves nothing itself). Such paths are therefore refused before any location.
 */
export function paperlessSnippet(): string[] {
  const blocked = (pattern: string, note: string): string[] => [
    `# ${note}`,
    ...block(`location ~* ${pattern}`, ['default_type application/json;', `return 403 ${quoted(PAPERLESS_BLOCKED_BODY)};`]),
  ];
  return [
    '# Dot segments (/./ and /../, also percent-encoded) in the raw path: no app sends them, and',
    '# nginx would match the normalised path while Paperless gets the raw one.',
    ...block('if ($request_uri ~* "^[^?]*(/|%2f)([.]|%2e){1,2}(/|%2f|[?]|$)")', ['return 400;']),
    '',
    '# A 401 from Gatehouse on the Paperless host: an app that sent "Authorization: Token …" gets',
    `# Paperless's own answer (401, WWW-Authenticate: Token from Gatehouse, ${PAPERLESS_INVALID_TOKEN_BODY})`,
    '# and never a redirect; a browser gets the redirect to sign-in.',
    ...block(`location ${PAPERLESS_UNAUTHORIZED_LOCATION}`, [
      'default_type application/json;',
      ...block(`if (${TOKEN_CLIENT_VARIABLE})`, [`return 401 ${quoted(PAPERLESS_INVALID_TOKEN_BODY)};`]),
      ...block('if ($gatehouse_redirect)', ['return 302 $gatehouse_redirect;']),
      'return 401;',
    ]),
    '',
    '# Blocked on the Paperless host, answered here without asking Gatehouse. Matched on the',
    '# normalised path and case-insensitively (//admin/, /%61dmin/ and /Admin/ all match).',
    ...blocked(
      '(admin/|/admin$)',
      'The Django admin (its login skips Gatehouse and Paperless\'s MFA). Paperless routes "admin/" anywhere in the path to it (an unanchored Django re_path).',
    ),
    ...blocked('^/api/auth/(headless|login)(/|$)', "allauth password and app logins: they hand out the account's real API token."),
    ...blocked('^/api/token/?$', 'Variants of /api/token/ (POST there hands out the real token); the GET probe is matched exactly below.'),
    ...blocked(
      '^/api/profile/generate_auth_token(/|$)',
      "Rotates the account's one real token: every device would break. Gatehouse rotates it (Admin → Users).",
    ),
    '# Exactly /api/token: without this, nginx answers it with a 301 to the probe location /api/token/',
    '# (its automatic redirect for a location ending in a slash) instead of the regex above.',
    ...block('location = /api/token', ['default_type application/json;', `return 403 ${quoted(PAPERLESS_BLOCKED_BODY)};`]),
  ];
}

/** A probe location: GET/HEAD straight to Paperless, without any credential of the client. */
export function paperlessProbeSnippet(): string[] {
  return [
    "# Only GET and HEAD are probes; POST /api/token/ would hand out the account's real token.",
    'default_type application/json;',
    ...block('if ($request_method !~ ^(GET|HEAD)$)', [`return 403 ${quoted(PAPERLESS_BLOCKED_BODY)};`]),
    '# The location matched the normalised path; the raw one is what Paperless gets, and it must be',
    '# the probe itself (not //api/, /api/%74oken/ or /api/#x, which nobody judged).',
    ...block(`if (${PROBE_EXACT_VARIABLE} = 0)`, ['return 400;']),
    '# No auth_request: Paperless answers these without credentials, and gets none (a device token',
    '# would only earn a 401 "Invalid token." from Paperless).',
    ...forwardingLines(),
    'proxy_set_header Authorization "";',
    'proxy_set_header Cookie "";',
    `proxy_set_header ${PAPERLESS_AUTHORIZATION_HEADER} "";`,
    ...stripLines(),
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
  ];
}
