/** The site file: upstreams, maps, the portal's server block and one server block per app. */
import { PAPERLESS_PROBE_PATHS, type TProxyConfig, type TSite } from '../types';
import { answerBufferLines, block, forwardingLines, hostLines, hostWithPort, hostOf, include, listenAddress, stripLines, tlsLines, upstreamTls } from './lines';
import {
  PAPERLESS_PROBE_SNIPPET,
  PAPERLESS_PROTECT_SNIPPET,
  PAPERLESS_SNIPPET,
  PROBE_EXACT_VARIABLE,
  PROBE_RAW_PATHS,
  PROTECT_SNIPPET,
  TOKEN_CLIENT_VARIABLE,
  VERIFY_SNIPPET,
} from './names';
import { paperlessProbeSnippet, paperlessSnippet } from './paperless-snippets';
import { protectSnippet, verifySnippet } from './verify-snippets';

/**
 * The portal's 404s: Gatehouse's verify paths (its own and Authelia's) are for the proxy only,
 * which reaches them at Gatehouse's upstream address (auth_request). Called through the portal,
 * verify would answer a client with headers meant for the proxy (a device token's real Paperless
 * token). /api/metrics is for a scraper at Gatehouse's own address too, never for the internet
 * through the public portal (whatever its token or loopback check would answer). Regex locations see nginx's normalised path (percent-decoded, `//` merged, dot segments
 * resolved), so `//api/verify`, `/api/%76erify`, `/api/./verify` and `/API/Verify` all match.
 * Paths with a backslash or `;` (also percent-encoded) are refused too: nginx leaves them as they
 * are, while other servers turn `\` into `/` or drop `;` parameters. No portal page has either.
 */
export function portalClosedLocations(): string[] {
  return [
    '# Verify is for the proxy only (auth_request reaches it at the upstream address), never',
    '# through the portal: it would hand a client what it tells the proxy. Metrics are scraped',
    "# at Gatehouse's own address, not through the public portal.",
    ...block('location ~* ^/api/(verify|authz|metrics)', ['return 404;']),
    '# No portal path has a backslash or a ";" (other servers read them as "/" or drop ";…").',
    ...block('location ~ "[;\\x5c]"', ['return 404;']),
  ];
}

/** `http://whoami.localhost:8080`: a site's public origin, as comments name it. */
export function siteOrigin(site: TSite): string {
  return `${site.scheme}://${hostWithPort(site)}`;
}

/**
 * An app's upstream block name, from its site (unique: no two sites share host and port), so an
 * app's part of the file names the same upstream whichever other apps there are.
 */
export function appUpstreamName(site: TSite): string {
  return `gatehouse_app_${site.host}_${site.port}`;
}

export function siteFile(config: TProxyConfig, inline: boolean): string {
  const out: string[] = [
    '# Gatehouse: the sign-in portal and the apps it protects (nginx auth_request).',
    '# Include inside the http { } block, e.g. as /etc/nginx/conf.d/gatehouse.conf.',
    '',
    ...block('upstream gatehouse', [`server ${config.gatehouse.hostPort};`, 'keepalive 32;']),
    // Each app behind its own upstream block too, so nginx keeps connections to it open.
    ...config.apps.flatMap((_app, i) => ['', ...appUpstream(config, i)]),
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

  // https sites on 443 get a plain-http server on 80 that only redirects (unless their host also
  // has a site of its own on http port 80).
  const sites = [config.portal, ...config.apps];
  const plain80 = new Set(sites.filter((s) => s.scheme === 'http' && s.port === 80).map((s) => s.host));
  const redirected = [...new Set(sites.filter((s) => s.scheme === 'https' && s.port === 443 && !plain80.has(s.host)).map((s) => s.host))];
  if (redirected.length > 0) {
    out.push('', '# Plain http only redirects to https.');
    out.push(...block('server', [...listenAddress(config, 80, false), `server_name ${redirected.join(' ')};`, 'return 301 https://$host$request_uri;']));
  }

  out.push('', `# The portal itself (${config.portal.url}). It is not behind auth_request: it is where people sign in.`);
  out.push(
    ...block('server', [
      ...listenAddress(config, config.portal.port, config.portal.scheme === 'https'),
      `server_name ${config.portal.host};`,
      ...tlsLines(config, config.portal),
      ...hostLines(config.portal),
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
        "# Room for long headers in Gatehouse's answers (a redirect repeating a long path).",
        ...answerBufferLines(),
      ]),
    ]),
  );

  for (const index of config.apps.keys()) out.push('', ...appServer(config, index, inline));
  return `${out.join('\n')}\n`;
}

/** The upstream block of app `index` (its part of the site file's top). */
export function appUpstream(config: TProxyConfig, index: number): string[] {
  return block(`upstream ${appUpstreamName(config.apps[index]!)}`, [`server ${config.apps[index]!.upstream.hostPort};`, 'keepalive 16;']);
}

/** The server block of app `index`, with its comment (snippets included, or inlined). */
export function appServer(config: TProxyConfig, index: number, inline: boolean): string[] {
  const app = config.apps[index]!;
  const proxyPass = [`proxy_pass ${app.upstream.scheme}://${appUpstreamName(app)};`, ...upstreamTls(app.upstream, hostOf(app.upstream))];
  const paperless = app.paperless === true;
  return [
    paperless
      ? `# ${siteOrigin(app)} (Paperless-ngx): blocked paths and the apps' probes first, everything else checked by Gatehouse.`
      : `# ${siteOrigin(app)}: every request is checked by Gatehouse first.`,
    ...block('server', [
      ...listenAddress(config, app.port, app.scheme === 'https'),
      `server_name ${app.host};`,
      ...tlsLines(config, app),
      ...hostLines(app),
      '',
      ...include(VERIFY_SNIPPET, verifySnippet(config), inline),
      ...(paperless
        ? [
            '',
            ...include(PAPERLESS_SNIPPET, paperlessSnippet(), inline),
            '',
            '# The unauthenticated probes Paperless apps make before signing in (exact paths).',
            ...PAPERLESS_PROBE_PATHS.flatMap((path) =>
              block(`location = ${path}`, [...include(PAPERLESS_PROBE_SNIPPET, paperlessProbeSnippet(), inline), ...proxyPass]),
            ),
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
  ];
}
