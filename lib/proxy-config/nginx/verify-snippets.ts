/** The snippets every protected server block includes: the verify locations and the protect lines. */
import { IDENTITY_HEADERS, PAPERLESS_AUTHORIZATION_HEADER, type TProxyConfig } from '../types';
import { answerBufferLines, block, forwardingLines, hostOf, identityVariable, stripLines, upstreamHttpVariable, upstreamTls } from './lines';
import {
  COOKIE_ANSWER_HEADER,
  COOKIE_VARIABLE,
  FORBIDDEN_LOCATION,
  HOST_VARIABLE,
  PAPERLESS_AUTHORIZATION_VARIABLE,
  PAPERLESS_SNIPPET,
  PAPERLESS_UNAUTHORIZED_LOCATION,
  UNAUTHORIZED_LOCATION,
  VERIFY_LOCATION,
  VERIFY_SNIPPET,
} from './names';

/** The internal locations auth_request uses; included in every protected server block. */
export function verifySnippet(config: TProxyConfig): string[] {
  return [
    '# Where a 401 from Gatehouse ends: a browser gets a 302 to the sign-in URL Gatehouse put in',
    '# Location; a client Gatehouse gave no Location (an API token, say) gets the 401 itself, with',
    '# Gatehouse\'s WWW-Authenticate. ("error_page 401 =302 $url" alone would answer those with',
    '# a 302 to an empty Location.)',
    ...block(`location ${UNAUTHORIZED_LOCATION}`, [...block('if ($gatehouse_redirect)', ['return 302 $gatehouse_redirect;']), 'return 401;']),
    '',
    '# Where a 403 from Gatehouse ends. Gatehouse says "bad request" (a target it refuses to judge)',
    '# as 403 + X-Gatehouse-Status: 400, because auth_request turns any status but 2xx, 401 and',
    '# 403 into a 500: the client gets the 400 here.',
    ...block(`location ${FORBIDDEN_LOCATION}`, [...block('if ($gatehouse_status = 400)', ['return 400;']), 'return 403;']),
    '',
    "# Gatehouse's verify endpoint, reachable only through auth_request (internal).",
    ...block(`location = ${VERIFY_LOCATION}`, [
      'internal;',
      `proxy_pass ${config.gatehouse.scheme}://gatehouse/api/verify;`,
      ...upstreamTls(config.gatehouse, hostOf(config.gatehouse)),
      '# The verdict depends on headers only: never send the request body.',
      'proxy_pass_request_body off;',
      'proxy_set_header Content-Length "";',
      '# The request being verified, as nginx routed it (client-sent copies are overwritten): the',
      `# host is this server block's own (${HOST_VARIABLE}), never the client's Host header, which an`,
      '# absolute-form request line ("GET https://app.example.com/x", Host: other.example.com)',
      '# makes differ from the host nginx chose the server block by. $request_uri is the raw path',
      "# and query, without the request line's scheme and host.",
      `proxy_set_header X-Original-URL $scheme://${HOST_VARIABLE}$request_uri;`,
      'proxy_set_header X-Original-Method $request_method;',
      'proxy_set_header X-Forwarded-Method $request_method;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      `proxy_set_header X-Forwarded-Host ${HOST_VARIABLE};`,
      'proxy_set_header X-Forwarded-Uri $request_uri;',
      'proxy_set_header X-Forwarded-For $remote_addr;',
      'proxy_set_header X-Real-IP $remote_addr;',
      ...stripLines(['X-Original-URL', 'X-Original-Method']),
      '# Keep connections to Gatehouse open (keepalive in the upstream block).',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_connect_timeout 5s;',
      'proxy_read_timeout 15s;',
      "# Room for Gatehouse's answer headers (the sign-in Location, X-Gatehouse-Cookie).",
      ...answerBufferLines(),
    ]),
  ];
}

/**
 * What a protected location includes: ask Gatehouse, redirect on 401, pass the identity on.
 * The Paperless variant also swaps the device token for the real Paperless token and answers
 * API clients' 401s itself (see paperlessSnippet).
 */
export function protectSnippet(paperless = false): string[] {
  return [
    `auth_request ${VERIFY_LOCATION};`,
    "# Identity from Gatehouse's 200 answer (empty when Gatehouse names nobody).",
    ...IDENTITY_HEADERS.map((h) => `auth_request_set $${identityVariable(h)} ${upstreamHttpVariable(h)};`),
    ...(paperless
      ? [
          "# For a valid device token Gatehouse answers with the user's real Paperless token",
          `# ("${PAPERLESS_AUTHORIZATION_HEADER}: Token <real>"); empty for a browser signed in by cookie.`,
          `auth_request_set ${PAPERLESS_AUTHORIZATION_VARIABLE} ${upstreamHttpVariable(PAPERLESS_AUTHORIZATION_HEADER)};`,
        ]
      : []),
    "# The client's Cookie header minus Gatehouse's session cookie (empty when nothing is left).",
    `auth_request_set ${COOKIE_VARIABLE} ${upstreamHttpVariable(COOKIE_ANSWER_HEADER)};`,
    "# Gatehouse's 401 carries the sign-in URL in Location: the location below (in",
    `# ${paperless ? PAPERLESS_SNIPPET : VERIFY_SNIPPET}) turns it into a redirect${paperless ? ', or into the JSON 401 an app expects' : ''}.`,
    'auth_request_set $gatehouse_redirect $upstream_http_location;',
    `error_page 401 = ${paperless ? PAPERLESS_UNAUTHORIZED_LOCATION : UNAUTHORIZED_LOCATION};`,
    '# A 403 that Gatehouse marks as a bad request (X-Gatehouse-Status: 400) becomes a 400.',
    'auth_request_set $gatehouse_status $upstream_http_x_gatehouse_status;',
    `error_page 403 = ${FORBIDDEN_LOCATION};`,
    '',
    '# A location with its own proxy_set_header inherits none from outer levels, so the usual',
    "# forwarding headers are set here as well. The host is the server block's own, never the",
    "# client's Host header.",
    ...forwardingLines(),
    '# Identity headers carry only what Gatehouse said; client-sent copies never pass',
    '# (an empty value removes the header).',
    ...IDENTITY_HEADERS.map((h) => `proxy_set_header ${h} $${identityVariable(h)};`),
    ...stripLines(IDENTITY_HEADERS),
    "# The app never sees Gatehouse's session cookie: it gets the rest of the client's cookies as",
    '# Gatehouse handed them back (no Cookie header at all when none are left).',
    `proxy_set_header Cookie ${COOKIE_VARIABLE};`,
    ...(paperless
      ? [
          "# Paperless sees only the real token Gatehouse gave, never the device token nor a client's",
          "# own Authorization (Basic, say): the client's header went to the verify request only, and",
          '# an empty value (a browser signed in by cookie) removes the header.',
          `proxy_set_header Authorization ${PAPERLESS_AUTHORIZATION_VARIABLE};`,
          `proxy_set_header ${PAPERLESS_AUTHORIZATION_HEADER} "";`,
        ]
      : []),
  ];
}
