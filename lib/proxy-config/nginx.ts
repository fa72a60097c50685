/**
 * nginx configuration: `auth_request` against Gatehouse's /api/verify.
 *
 * nginx quirks this file is shaped around:
 * - `proxy_set_header` is inherited from the server/http level only when a location sets none
 *   of its own, so every location here spells out all the headers it needs (including the
 *   stripping of client-sent identity headers) instead of relying on an outer level.
 * - A header set to "" is not sent at all: that is how client copies are removed.
 * - nginx drops client headers containing `_` by default (`underscores_in_headers off`), but an
 *   admin may turn that on, so `Remote_User` is removed explicitly too.
 */
import {
  IDENTITY_HEADERS,
  PAPERLESS_AUTHORIZATION_HEADER,
  PAPERLESS_BLOCKED_BODY,
  PAPERLESS_INVALID_TOKEN_BODY,
  PAPERLESS_PROBE_PATHS,
  STRIPPED_REQUEST_HEADERS,
  type TNginxConfig,
  type TProxyConfig,
  type TProxyConfigInput,
  type TUpstream,
} from './types';
import { validateProxyConfigInput } from './validate';

const VERIFY_LOCATION = '/internal/gatehouse/verify';
const UNAUTHORIZED_LOCATION = '@gatehouse_unauthorized';
const FORBIDDEN_LOCATION = '@gatehouse_forbidden';
const PAPERLESS_UNAUTHORIZED_LOCATION = '@gatehouse_paperless_unauthorized';
const SNIPPET_DIR = 'snippets';
const VERIFY_SNIPPET = 'gatehouse-verify.conf';
const PROTECT_SNIPPET = 'gatehouse-protect.conf';
const PAPERLESS_SNIPPET = 'gatehouse-paperless.conf';
const PAPERLESS_PROBE_SNIPPET = 'gatehouse-paperless-probe.conf';
const PAPERLESS_PROTECT_SNIPPET = 'gatehouse-protect-paperless.conf';
const SITE_FILE = 'gatehouse.conf';
/** `$http_authorization` says "Token …" (the keyword is case-insensitive, as in Paperless). */
const TOKEN_CLIENT_VARIABLE = '$gatehouse_token_client';
const PAPERLESS_AUTHORIZATION_VARIABLE = '$gatehouse_paperless_authorization';
/** 1 when the raw request URI is exactly a probe path (with or without a query). */
const PROBE_EXACT_VARIABLE = '$gatehouse_probe_exact';
/** PAPERLESS_PROBE_PATHS as one anchored regex over the raw path. */
const PROBE_RAW_PATHS = `(${PAPERLESS_PROBE_PATHS.join('|')})`;
/**
 * The host a server block serves, written out in that block (`set`): the verified target and the
 * upstream Host are built from it, never from the client's Host header (see hostLines).
 */
const HOST_VARIABLE = '$gatehouse_host';
/** Gatehouse's answer header with the client's Cookie minus the session cookie, and its variable. */
const COOKIE_ANSWER_HEADER = 'X-Gatehouse-Cookie';
const COOKIE_VARIABLE = '$gatehouse_cookie';
/**
 * The size of the buffer for Gatehouse's answer headers. Its largest headers: the sign-in
 * Location (Gatehouse caps it at 2,000 bytes) and X-Gatehouse-Cookie, the client's Cookie minus
 * the session cookie. With nginx's default large_client_header_buffers (4 × 8k) a client's
 * headers total at most 32k, so its cookies do too; Gatehouse itself refuses requests whose
 * headers exceed 64 KiB. The portal's own redirects repeat the request's path (up to 8k, three
 * times that once percent-encoded in a return URL). An answer larger than this buffer would be
 * nginx's 500 (verify) or 502 (portal).
 */
const ANSWER_BUFFER = '64k';

/** `X-Paperless-Authorization` → `$upstream_http_x_paperless_authorization`. */
function upstreamHttpVariable(header: string): string {
  return `$upstream_http_${header.toLowerCase().replace(/-/g, '_')}`;
}

/** `Remote-Groups` → `gatehouse_groups`: the variable that carries Gatehouse's answer. */
function identityVariable(header: string): string {
  return `gatehouse_${header.slice('Remote-'.length).toLowerCase()}`;
}

function indent(lines: string[], depth = 1): string[] {
  const pad = '    '.repeat(depth);
  return lines.map((line) => (line === '' ? '' : pad + line));
}

function block(head: string, body: string[]): string[] {
  return [`${head} {`, ...indent(body), '}'];
}

/** `proxy_set_header X ""` for every header a client must not set; `except` are set elsewhere. */
function stripLines(except: readonly string[] = []): string[] {
  return STRIPPED_REQUEST_HEADERS.filter((h) => !except.includes(h)).map((h) => `proxy_set_header ${h} "";`);
}

/**
 * Host, X-Forwarded-* and X-Real-IP for a proxied request. The host is the server block's own
 * (HOST_VARIABLE): nginx picks the server block by the request line's host when the request line
 * is absolute ("GET https://app.example.com/x HTTP/1.1") and by the Host header otherwise, so the
 * client's Host header ($http_host) can name another site than the one nginx routed to.
 */
function forwardingLines(): string[] {
  return [
    `proxy_set_header Host ${HOST_VARIABLE};`,
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $remote_addr;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    `proxy_set_header X-Forwarded-Host ${HOST_VARIABLE};`,
  ];
}

/** `host`, or `host:port` when the server listens on another port than its scheme's default. */
function hostWithPort(config: TProxyConfig, host: string): string {
  const defaultPort = config.listen.scheme === 'https' ? 443 : 80;
  return config.listen.port === defaultPort ? host : `${host}:${config.listen.port}`;
}

/** The `set` that names the server block's own host for the snippets (see forwardingLines). */
function hostLines(config: TProxyConfig, host: string): string[] {
  return [
    '# This server block\'s own host: what Gatehouse judges and what the upstream gets as Host.',
    `set ${HOST_VARIABLE} ${hostWithPort(config, host)};`,
  ];
}

/** Buffers for a Gatehouse answer's headers (ANSWER_BUFFER); nginx wants the three together. */
function answerBufferLines(): string[] {
  return [`proxy_buffer_size ${ANSWER_BUFFER};`, `proxy_buffers 4 ${ANSWER_BUFFER};`, `proxy_busy_buffers_size ${ANSWER_BUFFER};`];
}

function listenAddress(config: TProxyConfig, port: number): string[] {
  const { address } = config.listen;
  const ssl = config.listen.scheme === 'https' && port === config.listen.port ? ' ssl' : '';
  if (address === undefined) return [`listen ${port}${ssl};`, `listen [::]:${port}${ssl};`];
  return [`listen ${address.includes(':') ? `[${address}]` : address}:${port}${ssl};`];
}

function tlsLines(config: TProxyConfig, host: string): string[] {
  if (config.listen.scheme !== 'https') return [];
  const [certificate, key, note] =
    config.tls === 'automatic'
      ? [
          `/etc/letsencrypt/live/${host}/fullchain.pem`,
          `/etc/letsencrypt/live/${host}/privkey.pem`,
          '# nginx does not obtain certificates itself: these are certbot\'s paths (certbot certonly --webroot or --nginx).',
        ]
      : [`/etc/ssl/gatehouse/${host}.crt`, `/etc/ssl/gatehouse/${host}.key`, '# Placeholder paths: point them at your certificate and key.'];
  return [note, `ssl_certificate ${certificate};`, `ssl_certificate_key ${key};`, 'ssl_protocols TLSv1.2 TLSv1.3;'];
}

function upstreamTls(upstream: TUpstream, sniName: string | null): string[] {
  if (upstream.scheme !== 'https') return [];
  return ['proxy_ssl_server_name on;', ...(sniName ? [`proxy_ssl_name ${sniName};`] : [])];
}

function hostOf(upstream: TUpstream): string {
  return upstream.hostPort.slice(0, upstream.hostPort.lastIndexOf(':'));
}

/** The internal locations auth_request uses; included in every protected server block. */
function verifySnippet(config: TProxyConfig): string[] {
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
    '# Gatehouse\'s verify endpoint, reachable only through auth_request (internal).',
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
      '# and query, without the request line\'s scheme and host.',
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
      '# Room for Gatehouse\'s answer headers (the sign-in Location, X-Gatehouse-Cookie).',
      ...answerBufferLines(),
    ]),
  ];
}

/**
 * What a protected location includes: ask Gatehouse, redirect on 401, pass the identity on.
 * The Paperless variant also swaps the device token for the real Paperless token and answers
 * API clients' 401s itself (see paperlessSnippet).
 */
function protectSnippet(paperless = false): string[] {
  return [
    `auth_request ${VERIFY_LOCATION};`,
    '# Identity from Gatehouse\'s 200 answer (empty when Gatehouse names nobody).',
    ...IDENTITY_HEADERS.map((h) => `auth_request_set $${identityVariable(h)} ${upstreamHttpVariable(h)};`),
    ...(paperless
      ? [
          '# For a valid device token Gatehouse answers with the user\'s real Paperless token',
          `# ("${PAPERLESS_AUTHORIZATION_HEADER}: Token <real>"); empty for a browser signed in by cookie.`,
          `auth_request_set ${PAPERLESS_AUTHORIZATION_VARIABLE} ${upstreamHttpVariable(PAPERLESS_AUTHORIZATION_HEADER)};`,
        ]
      : []),
    '# The client\'s Cookie header minus Gatehouse\'s session cookie (empty when nothing is left).',
    `auth_request_set ${COOKIE_VARIABLE} ${upstreamHttpVariable(COOKIE_ANSWER_HEADER)};`,
    '# Gatehouse\'s 401 carries the sign-in URL in Location: the location below (in',
    `# ${paperless ? PAPERLESS_SNIPPET : VERIFY_SNIPPET}) turns it into a redirect${paperless ? ', or into the JSON 401 an app expects' : ''}.`,
    'auth_request_set $gatehouse_redirect $upstream_http_location;',
    `error_page 401 = ${paperless ? PAPERLESS_UNAUTHORIZED_LOCATION : UNAUTHORIZED_LOCATION};`,
    '# A 403 that Gatehouse marks as a bad request (X-Gatehouse-Status: 400) becomes a 400.',
    'auth_request_set $gatehouse_status $upstream_http_x_gatehouse_status;',
    `error_page 403 = ${FORBIDDEN_LOCATION};`,
    '',
    '# A location with its own proxy_set_header inherits none from outer levels, so the usual',
    '# forwarding headers are set here as well. The host is the server block\'s own, never the',
    '# client\'s Host header.',
    ...forwardingLines(),
    '# Identity headers carry only what Gatehouse said; client-sent copies never pass',
    '# (an empty value removes the header).',
    ...IDENTITY_HEADERS.map((h) => `proxy_set_header ${h} $${identityVariable(h)};`),
    ...stripLines(IDENTITY_HEADERS),
    '# The app never sees Gatehouse\'s session cookie: it gets the rest of the client\'s cookies as',
    '# Gatehouse handed them back (no Cookie header at all when none are left).',
    `proxy_set_header Cookie ${COOKIE_VARIABLE};`,
    ...(paperless
      ? [
          '# Paperless sees only the real token Gatehouse gave, never the device token nor a client\'s',
          '# own Authorization (Basic, say): the client\'s header went to the verify request only, and',
          '# an empty value (a browser signed in by cookie) removes the header.',
          `proxy_set_header Authorization ${PAPERLESS_AUTHORIZATION_VARIABLE};`,
          `proxy_set_header ${PAPERLESS_AUTHORIZATION_HEADER} "";`,
        ]
      : []),
  ];
}

/** nginx `return` text in single quotes: the bodies are constants without ' or $. */
function quoted(body: string): string {
  if (/['$\\]/.test(body)) throw new Error(`cannot quote ${body} for nginx`);
  return `'${body}'`;
}

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
function paperlessSnippet(): string[] {
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
    ...blocked('^/api/auth/(headless|login)(/|$)', 'allauth password and app logins: they hand out the account\'s real API token.'),
    ...blocked('^/api/token/?$', 'Variants of /api/token/ (POST there hands out the real token); the GET probe is matched exactly below.'),
    ...blocked('^/api/profile/generate_auth_token(/|$)', 'Rotates the account\'s one real token: every device would break. Gatehouse rotates it (Admin → Users).'),
    '# Exactly /api/token: without this, nginx answers it with a 301 to the probe location /api/token/',
    '# (its automatic redirect for a location ending in a slash) instead of the regex above.',
    ...block('location = /api/token', ['default_type application/json;', `return 403 ${quoted(PAPERLESS_BLOCKED_BODY)};`]),
  ];
}

/** A probe location: GET/HEAD straight to Paperless, without any credential of the client. */
function paperlessProbeSnippet(): string[] {
  return [
    '# Only GET and HEAD are probes; POST /api/token/ would hand out the account\'s real token.',
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

/**
 * The portal's 404s: Gatehouse's verify paths (its own and Authelia's) are for the proxy only,
 * which reaches them at Gatehouse's upstream address (auth_request). Called through the portal,
 * verify would answer a client with headers meant for the proxy (a device token's real Paperless
 * token). Regex locations see nginx's normalised path (percent-decoded, `//` merged, dot segments
 * resolved), so `//api/verify`, `/api/%76erify`, `/api/./verify` and `/API/Verify` all match.
 * Paths with a backslash or `;` (also percent-encoded) are refused too: nginx leaves them as they
 * are, while other servers turn `\` into `/` or drop `;` parameters. No portal page has either.
 */
function portalClosedLocations(): string[] {
  return [
    '# Verify is for the proxy only (auth_request reaches it at the upstream address), never',
    '# through the portal: it would hand a client what it tells the proxy.',
    ...block('location ~* ^/api/(verify|authz)', ['return 404;']),
    '# No portal path has a backslash or a ";" (other servers read them as "/" or drop ";…").',
    ...block('location ~ "[;\\x5c]"', ['return 404;']),
  ];
}

/** Upstream block names for the apps, in input order. */
function appUpstreamName(index: number): string {
  return `gatehouse_app_${index + 1}`;
}

function include(name: string, lines: string[], inline: boolean): string[] {
  return inline ? [`# ${name}`, ...lines] : [`include ${SNIPPET_DIR}/${name};`];
}

function siteFile(config: TProxyConfig, inline: boolean): string {
  const listenPort = config.listen.port;
  const out: string[] = [
    '# Gatehouse: the sign-in portal and the apps it protects (nginx auth_request).',
    '# Include inside the http { } block, e.g. as /etc/nginx/conf.d/gatehouse.conf.',
    '',
    ...block('upstream gatehouse', [`server ${config.gatehouse.hostPort};`, 'keepalive 32;']),
    // Each app behind its own upstream block too, so nginx keeps connections to it open.
    ...config.apps.flatMap((app, i) => ['', ...block(`upstream ${appUpstreamName(i)}`, [`server ${app.upstream.hostPort};`, 'keepalive 16;'])]),
    '',
    '# WebSocket upgrades for the apps; an empty Connection header otherwise.',
    ...block('map $http_upgrade $gatehouse_connection_upgrade', ['default upgrade;', "'' '';"]),
  ];
  if (config.apps.some((app) => app.paperless)) {
    out.push(
      '',
      '# Paperless apps: a request with "Authorization: Token …" comes from an app, which must get a',
      '# 401 it understands rather than a redirect to the sign-in page.',
      ...block(`map $http_authorization ${TOKEN_CLIENT_VARIABLE}`, ['default 0;', '"~*^\\s*token(\\s|$)" 1;']),
      '',
      '# The probes pass without Gatehouse only when spelled exactly (see the probe snippet).',
      ...block(`map $request_uri ${PROBE_EXACT_VARIABLE}`, ['default 0;', `"~^${PROBE_RAW_PATHS}(\\?|$)" 1;`]),
    );
  }

  if (config.listen.scheme === 'https' && listenPort === 443) {
    const hosts = [config.portal.host, ...config.apps.map((a) => a.host)].join(' ');
    out.push('', '# Plain http only redirects to https.');
    out.push(...block('server', [...listenAddress(config, 80), `server_name ${hosts};`, 'return 301 https://$host$request_uri;']));
  }

  out.push('', '# The portal itself. It is not behind auth_request: it is where people sign in.');
  out.push(
    ...block('server', [
      ...listenAddress(config, listenPort),
      `server_name ${config.portal.host};`,
      ...tlsLines(config, config.portal.host),
      ...hostLines(config, config.portal.host),
      '',
      ...portalClosedLocations(),
      '',
      ...block('location /', [
        `proxy_pass ${config.gatehouse.scheme}://gatehouse;`,
        ...upstreamTls(config.gatehouse, hostOf(config.gatehouse)),
        ...forwardingLines(),
        '# Only the verify location may say which request is being verified.',
        'proxy_set_header X-Forwarded-Method "";',
        'proxy_set_header X-Forwarded-Uri "";',
        ...stripLines(),
        'proxy_http_version 1.1;',
        'proxy_set_header Connection "";',
        '# Room for long headers in Gatehouse\'s answers (a redirect repeating a long path).',
        ...answerBufferLines(),
      ]),
    ]),
  );

  for (const [index, app] of config.apps.entries()) {
    const proxyPass = [`proxy_pass ${app.upstream.scheme}://${appUpstreamName(index)};`, ...upstreamTls(app.upstream, hostOf(app.upstream))];
    const paperless = app.paperless === true;
    out.push(
      '',
      paperless
        ? `# ${app.host} (Paperless-ngx): blocked paths and the apps' probes first, everything else checked by Gatehouse.`
        : `# ${app.host}: every request is checked by Gatehouse first.`,
    );
    out.push(
      ...block('server', [
        ...listenAddress(config, listenPort),
        `server_name ${app.host};`,
        ...tlsLines(config, app.host),
        ...hostLines(config, app.host),
        '',
        ...include(VERIFY_SNIPPET, verifySnippet(config), inline),
        ...(paperless
          ? [
              '',
              ...include(PAPERLESS_SNIPPET, paperlessSnippet(), inline),
              '',
              '# The unauthenticated probes Paperless apps make before signing in (exact paths).',
              ...PAPERLESS_PROBE_PATHS.flatMap((path) => block(`location = ${path}`, [...include(PAPERLESS_PROBE_SNIPPET, paperlessProbeSnippet(), inline), ...proxyPass])),
            ]
          : []),
        '',
        ...block('location /', [
          ...(paperless ? include(PAPERLESS_PROTECT_SNIPPET, protectSnippet(true), inline) : include(PROTECT_SNIPPET, protectSnippet(), inline)),
          'proxy_http_version 1.1;',
          'proxy_set_header Upgrade $http_upgrade;',
          'proxy_set_header Connection $gatehouse_connection_upgrade;',
          ...proxyPass,
        ]),
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}

/** Renders nginx configuration from an already validated config. */
export function renderNginxConfig(config: TProxyConfig): TNginxConfig {
  const paperlessFiles: TNginxConfig['files'] = !config.apps.some((app) => app.paperless)
    ? []
    : [
        {
          name: PAPERLESS_SNIPPET,
          content: `${paperlessSnippet().join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. Included once in each Paperless-ngx server block: refuses paths with dot segments, ` +
            'blocks /admin/, /api/token (POST), /api/auth/headless/ and /api/auth/login/, and answers apps\' 401s with JSON.',
        },
        {
          name: PAPERLESS_PROBE_SNIPPET,
          content: `${paperlessProbeSnippet().join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. Included in the Paperless probe locations (GET /api/, /api/schema/view/, /api/token/): ` +
            'passed without Gatehouse and without the client\'s credentials.',
        },
        {
          name: PAPERLESS_PROTECT_SNIPPET,
          content: `${protectSnippet(true).join('\n')}\n`,
          description:
            `Put in /etc/nginx/${SNIPPET_DIR}/. ${PROTECT_SNIPPET} for Paperless-ngx: also replaces the device token with the ` +
            'user\'s real Paperless token (or removes Authorization) before proxy_pass.',
        },
      ];
  return {
    files: [
      {
        name: VERIFY_SNIPPET,
        content: `${verifySnippet(config).join('\n')}\n`,
        description:
          `Put in /etc/nginx/${SNIPPET_DIR}/. Included once in every protected server block: the internal location auth_request ` +
          'calls, and the one that turns a 401 into the redirect to sign-in.',
      },
      {
        name: PROTECT_SNIPPET,
        content: `${protectSnippet().join('\n')}\n`,
        description:
          `Put in /etc/nginx/${SNIPPET_DIR}/. Included in each protected location, before proxy_pass: asks Gatehouse, ` +
          'redirects to sign-in on 401, and passes only Gatehouse\'s Remote-* headers to the app.',
      },
      ...paperlessFiles,
      {
        name: SITE_FILE,
        content: siteFile(config, false),
        description:
          'Put in /etc/nginx/conf.d/ (it belongs inside http { }): the Gatehouse upstream, the portal and one server block per app.',
      },
    ],
    full: siteFile(config, true),
  };
}

/**
 * nginx configuration for the portal and the protected apps: two snippets and a site file,
 * plus `full`, the same with the snippets inlined. Throws ProxyConfigError on bad input.
 */
export function nginxConfig(input: TProxyConfigInput): TNginxConfig {
  return renderNginxConfig(validateProxyConfigInput(input));
}
