/** The site file: upstreams, maps, the portal's server block and one server block per app. */
import { PAPERLESS_PROBE_PATHS, type TProxyConfig } from '../types';
import { answerBufferLines, block, forwardingLines, hostLines, hostOf, include, listenAddress, stripLines, tlsLines, upstreamTls } from './lines';
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
 * token). Regex locations see nginx's normalised path (percent-decoded, `//` merged, dot segments
 * resolved), so `//api/verify`, `/api/%76erify`, `/api/./verify` and `/API/Verify` all match.
 * Paths with a backslash or `;` (also percent-encoded) are refused too: nginx leaves them as they
 * are, while other servers turn `\` into `/` or drop `;` parameters. No portal page has either.
 */
export function portalClosedLocations(): string[] {
  return [
    '# Verify is for the proxy only (auth_request reaches it at the upstream address), never',
    '# through the portal: it would hand a client what it tells the proxy.',
    ...block('location ~* ^/api/(verify|authz)', ['return 404;']),
    '# No portal path has a backslash or a ";" (other servers read them as "/" or drop ";…").',
    ...block('location ~ "[;\\x5c]"', ['return 404;']),
  ];
}

/** Upstream block names for the apps, in input order. */
export function appUpstreamName(index: number): string {
  return `gatehouse_app_${index + 1}`;
}

export function siteFile(config: TProxyConfig, inline: boolean): string {
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
        "# Room for long headers in Gatehouse's answers (a redirect repeating a long path).",
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
    );
  }
  return `${out.join('\n')}\n`;
}
