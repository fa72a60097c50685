/**
 * Caddyfile: `forward_auth` against Gatehouse's /api/verify/forward-auth (Caddy 2.6 syntax).
 *
 * Caddy quirk this file is shaped around: directives in a site block are sorted by Caddy's
 * fixed directive order, not by their position, and `forward_auth` sorts *before*
 * `request_header`. Written side by side in a site block, the strip would run after
 * forward_auth had copied Gatehouse's `Remote-User` onto the request and delete it. Inside a
 * `route { }` block directives run as written, so the snippet strips first, then asks.
 * Stripping before asking also covers Caddy 2.9.0–2.11.1, whose `copy_headers` leaves a
 * client's header in place when Gatehouse's answer lacks it (GHSA-7r4p-vjf4-gxv4).
 *
 * Second quirk: before Caddy 2.9, `copy_headers` copies a header Gatehouse did not send (an
 * anonymous pass under a bypass rule, or Remote-Groups of a user in no group) as the literal
 * text `{http.reverse_proxy.header.Remote-User}`: an app trusting Remote-User would see a
 * user of that name. After forward_auth the snippet deletes any such value. The pattern uses
 * `[{]` and `[.]` because the Caddyfile lexer eats backslashes.
 *
 * The output is indented with tabs, as `caddy fmt` writes it, so Caddy does not warn.
 */
import {
  IDENTITY_HEADERS,
  PAPERLESS_AUTHORIZATION_HEADER,
  PAPERLESS_BLOCKED_BODY,
  PAPERLESS_PROBE_PATHS,
  STRIPPED_REQUEST_HEADERS,
  type TProxyConfig,
  type TProxyConfigInput,
  type TSite,
  type TUpstream,
} from './types';
import { validateProxyConfigInput } from './validate';

const SNIPPET = 'gatehouse';
const PAPERLESS_SNIPPET = 'gatehouse_paperless';
/**
 * Where forward_auth puts Gatehouse's X-Paperless-Authorization before it becomes the upstream
 * Authorization (see paperlessRoute). Client-sent copies are stripped first.
 */
const PAPERLESS_HANDOVER_HEADER = 'X-Gatehouse-Paperless-Authorization';
/**
 * Where forward_auth puts the `Cookie` of Gatehouse's answer (the client's cookies minus the
 * session cookie) before it becomes the upstream Cookie (see cookieLines). Client-sent copies
 * are stripped first.
 */
const COOKIE_HANDOVER_HEADER = 'X-Gatehouse-Upstream-Cookie';
/**
 * Paths the portal answers 404 for (path_regexp sees Caddy's cleaned path: percent-decoded, `//`
 * merged, dot segments resolved). Gatehouse's verify paths are for the proxy only, /api/metrics
 * for a scraper at Gatehouse's own address (never through the public portal), and a backslash
 * or `;` has no place in a portal path. Backticks keep the backslash from the Caddyfile
 * lexer.
 */
const PORTAL_CLOSED_PATHS = '`(?i)^/api/(verify|authz|metrics)|[\\\\;]`';

function indent(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? '' : `\t${line}`));
}

function block(head: string, body: string[]): string[] {
  return [`${head} {`, ...indent(body), '}'];
}

/** reverse_proxy/forward_auth upstream: `host:port`, or `https://host:port` for TLS. */
function upstreamAddress(upstream: TUpstream): string {
  return upstream.scheme === 'https' ? upstream.origin : upstream.hostPort;
}

/** The site address: the site's own scheme, host and port (`http://whoami.localhost:8080`, `auth.example.com`). */
export function caddySiteAddress(site: TSite): string {
  const { scheme, host, port } = site;
  if (scheme === 'http') return `http://${host}:${port}`;
  return port === 443 ? host : `${host}:${port}`;
}

function siteCommon(config: TProxyConfig, site: TSite): string[] {
  const { host } = site;
  const lines: string[] = [];
  // Without bind, Caddy listens on every interface.
  if (config.listen.address) lines.push(`bind ${config.listen.address}`);
  if (site.scheme === 'https' && config.tls === 'files') {
    lines.push('# Placeholder paths: point them at your certificate and key.');
    lines.push(`tls /etc/ssl/gatehouse/${host}.crt /etc/ssl/gatehouse/${host}.key`);
  }
  return lines;
}

function stripLines(): string[] {
  return STRIPPED_REQUEST_HEADERS.map((h) => `request_header -${h}`);
}

/** What a protected route copies from Gatehouse's 2xx answer: identity, and the filtered cookies. */
function copiedHeaders(extra: string[] = []): string[] {
  return [...IDENTITY_HEADERS, ...extra, `Cookie>${COOKIE_HANDOVER_HEADER}`];
}

/**
 * After forward_auth: the app gets exactly the cookies Gatehouse handed back (never its session
 * cookie), and no Cookie header at all when Gatehouse sent none or an empty one. The client's
 * own Cookie (which Gatehouse has read) is deleted first; Caddy's own copy_headers is not used
 * for Cookie because Caddy 2.6–2.8 would put the literal placeholder there when Gatehouse sent no
 * Cookie, and 2.9.0–2.11.1 would leave the client's header, session cookie included.
 */
function cookieLines(): string[] {
  return [
    '# The app gets the cookies Gatehouse handed back (never its session cookie), or none.',
    'request_header -Cookie',
    `@gatehouse_cookie header_regexp ${COOKIE_HANDOVER_HEADER} .`,
    `request_header @gatehouse_cookie Cookie {http.request.header.${COOKIE_HANDOVER_HEADER}}`,
    `request_header -${COOKIE_HANDOVER_HEADER}`,
  ];
}

function forwardAuth(config: TProxyConfig, matcher: string | null, copy: string[]): string[] {
  return block(`forward_auth ${matcher ? `${matcher} ` : ''}${upstreamAddress(config.gatehouse)}`, [
    'uri /api/verify/forward-auth',
    `copy_headers ${copy.join(' ')}`,
  ]);
}

/** Caddy < 2.9 copies a header Gatehouse did not send as "{http.reverse_proxy.header.…}": delete it. */
function placeholderCleanup(): string[] {
  return [
    '# Caddy < 2.9 copies a header Gatehouse did not send as "{http.reverse_proxy.header.…}".',
    ...[...IDENTITY_HEADERS, COOKIE_HANDOVER_HEADER].flatMap((h) => {
      const matcher = `@gatehouse_unset_${h.toLowerCase().replace(/-/g, '_')}`;
      return [`${matcher} header_regexp ${h} ^[{]http[.]reverse_proxy[.]header[.]`, `request_header ${matcher} -${h}`];
    }),
  ];
}

/** `respond` with a JSON body: backticks quote it in the Caddyfile. */
function respondJson(matcher: string, body: string, status: number): string[] {
  if (body.includes('`')) throw new Error(`cannot quote ${body} for Caddy`);
  return [`header ${matcher} Content-Type application/json`, `respond ${matcher} \`${body}\` ${status}`];
}

/**
 * The route of a Paperless-ngx site, in order:
 * 1. strip client identity headers (and any handover header a client made up);
 * 2. refuse paths with dot segments: matchers see Caddy's cleaned path, reverse_proxy forwards
 *    the raw one, so `/admin/../documents/` would pass as `/documents/` and reach Django as
 *    `/admin/../documents/` (`{http.request.uri.path}` is decoded, so `%2e%2e` counts too);
 * 3. 403 for the blocked paths (`path` matches the cleaned, lower-cased path: `//admin/`,
 *    `/%61dmin/`, `/Admin/` all match), and for anything but GET/HEAD on the probe paths;
 * 4. the probes (GET/HEAD, exact raw path) lose Authorization and Cookie and skip forward_auth;
 * 5. everything else asks Gatehouse. Gatehouse's X-Paperless-Authorization is copied into a
 *    handover header, never straight into Authorization: Caddy 2.6–2.8 would overwrite the
 *    client's Authorization with a literal "{http.reverse_proxy.header.…}" placeholder when
 *    Gatehouse sent none, and 2.9.0–2.11.1 would leave the client's header (a Basic password,
 *    say) in place (GHSA-7r4p-vjf4-gxv4). So after forward_auth the client's Authorization
 *    (which Gatehouse has judged) is deleted, and set again only from a handover value that
 *    really is "Token …".
 */
function paperlessRoute(config: TProxyConfig): string[] {
  const probePaths = PAPERLESS_PROBE_PATHS.join(' ');
  // The decoded path is a probe path, and so is the path as it is forwarded ({http.request.uri}
  // is escaped again): /api%2F decodes to /api/ but reaches Paperless as /api%2F.
  const exactProbe = [
    'method GET HEAD',
    `vars {http.request.uri.path} ${probePaths}`,
    `vars_regexp {http.request.uri} ^(${PAPERLESS_PROBE_PATHS.join('|')})([?]|$)`,
  ];
  return [
    ...stripLines(),
    `request_header -${PAPERLESS_AUTHORIZATION_HEADER}`,
    `request_header -${PAPERLESS_HANDOVER_HEADER}`,
    `request_header -${COOKIE_HANDOVER_HEADER}`,
    '',
    '# Dot segments in the raw path (no app sends them; Paperless would see them unresolved).',
    '@gatehouse_paperless_dot_segments vars_regexp {http.request.uri.path} (^|/)[.][.]?(/|$)',
    'respond @gatehouse_paperless_dot_segments 400',
    '',
    '# The Django admin ("admin/" anywhere: Paperless routes it with an unanchored re_path), allauth',
    '# password and app logins, /api/token without its slash, and the rotation of the real token',
    '# (it would break every device; Gatehouse rotates it). Answered here, never forwarded.',
    '@gatehouse_paperless_blocked path *admin/* */admin /api/auth/headless /api/auth/headless/* /api/auth/login /api/auth/login/* /api/token /api/profile/generate_auth_token /api/profile/generate_auth_token/*',
    ...respondJson('@gatehouse_paperless_blocked', PAPERLESS_BLOCKED_BODY, 403),
    '# The probe paths take GET and HEAD only: POST /api/token/ hands out the real token.',
    ...block('@gatehouse_paperless_probe_write', [`path ${probePaths}`, 'not method GET HEAD']),
    ...respondJson('@gatehouse_paperless_probe_write', PAPERLESS_BLOCKED_BODY, 403),
    '',
    '# The unauthenticated probes Paperless apps make before signing in: no credentials go on.',
    ...block('@gatehouse_paperless_probe', exactProbe),
    'request_header @gatehouse_paperless_probe -Authorization',
    'request_header @gatehouse_paperless_probe -Cookie',
    ...block('@gatehouse_paperless_protected', [...block('not', exactProbe)]),
    ...forwardAuth(config, '@gatehouse_paperless_protected', copiedHeaders([`${PAPERLESS_AUTHORIZATION_HEADER}>${PAPERLESS_HANDOVER_HEADER}`])),
    ...placeholderCleanup(),
    ...cookieLines(),
    '# Paperless gets the real token Gatehouse gave for a device token, and otherwise no',
    "# Authorization at all (the client's own went to Gatehouse only).",
    'request_header -Authorization',
    `@gatehouse_paperless_token header_regexp ${PAPERLESS_HANDOVER_HEADER} "^Token [0-9A-Za-z]+$"`,
    `request_header @gatehouse_paperless_token Authorization {http.request.header.${PAPERLESS_HANDOVER_HEADER}}`,
    `request_header -${PAPERLESS_HANDOVER_HEADER}`,
  ];
}

/** Renders a Caddyfile from an already validated config. */
export function renderCaddyfile(config: TProxyConfig): string {
  const out: string[] = ['# Gatehouse: the sign-in portal and the apps it protects (Caddy forward_auth).'];
  if ([config.portal, ...config.apps].every((site) => site.scheme === 'http')) {
    // Plain http (tests, or TLS terminated in front of Caddy): no certificates, no admin API.
    // No blank line above: `caddy fmt` keeps nothing between a comment and the global options.
    out.push('{', ...indent(['admin off', 'auto_https off']), '}');
  }
  out.push('');

  out.push(
    '# Imported by every protected site. route { } keeps the order as written: strip the',
    '# identity headers a client may have sent, then ask Gatehouse; on 2xx its Remote-* headers',
    '# are copied onto the request, anything else (302 to sign-in, 401, 403) goes to the client.',
    ...block(`(${SNIPPET})`, [
      ...block('route', [
        ...stripLines(),
        `request_header -${COOKIE_HANDOVER_HEADER}`,
        ...forwardAuth(config, null, copiedHeaders()),
        ...placeholderCleanup(),
        ...cookieLines(),
      ]),
    ]),
    ...(config.apps.some((app) => app.paperless)
      ? [
          '',
          '# Imported by every Paperless-ngx site instead of (gatehouse): the same, plus blocked paths,',
          "# the apps' unauthenticated probes, and the device token swapped for the real Paperless token.",
          ...block(`(${PAPERLESS_SNIPPET})`, block('route', paperlessRoute(config))),
        ]
      : []),
    '',
    '# The portal itself. It is not behind forward_auth: it is where people sign in.',
    ...block(caddySiteAddress(config.portal), [
      ...siteCommon(config, config.portal),
      '# Verify is for the proxy only (forward_auth reaches it at the upstream address), never',
      '# through the portal: it would hand a client what it tells the proxy. Nor has any portal',
      '# path a backslash or a ";" (other servers read them as "/" or drop ";…").',
      `@gatehouse_closed path_regexp ${PORTAL_CLOSED_PATHS}`,
      'respond @gatehouse_closed 404',
      '# Request targets that are not a path ("*", "host:port"): Caddy would pass them on (or fail with a 502).',
      '@gatehouse_not_a_path not vars_regexp {http.request.uri} ^/',
      'respond @gatehouse_not_a_path 404',
      ...stripLines(),
      '# Only forward_auth may say which request is being verified.',
      'request_header -X-Forwarded-Method',
      'request_header -X-Forwarded-Uri',
      `reverse_proxy ${upstreamAddress(config.gatehouse)}`,
    ]),
  );

  for (const app of config.apps) out.push('', ...caddyAppSite(config, app));
  return `${out.join('\n')}\n`;
}

/** One app's site block, with its comment: its part of the Caddyfile. */
export function caddyAppSite(config: TProxyConfig, app: TProxyConfig['apps'][number]): string[] {
  const origin = `${app.scheme}://${app.port === (app.scheme === 'https' ? 443 : 80) ? app.host : `${app.host}:${app.port}`}`;
  return [
    app.paperless
      ? `# ${origin} (Paperless-ngx): blocked paths and the apps' probes first, everything else checked by Gatehouse.`
      : `# ${origin}: every request is checked by Gatehouse first.`,
    ...block(caddySiteAddress(app), [
      ...siteCommon(config, app),
      `import ${app.paperless ? PAPERLESS_SNIPPET : SNIPPET}`,
      `reverse_proxy ${upstreamAddress(app.upstream)}`,
    ]),
  ];
}

/** A Caddyfile for the portal and the protected apps. Throws ProxyConfigError on bad input. */
export function caddyConfig(input: TProxyConfigInput): string {
  return renderCaddyfile(validateProxyConfigInput(input));
}
