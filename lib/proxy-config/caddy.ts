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
import { IDENTITY_HEADERS, STRIPPED_REQUEST_HEADERS, type TProxyConfig, type TProxyConfigInput, type TUpstream } from './types';
import { validateProxyConfigInput } from './validate';

const SNIPPET = 'gatehouse';

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

function siteAddress(config: TProxyConfig, host: string): string {
  const { scheme, port } = config.listen;
  if (scheme === 'http') return `http://${host}:${port}`;
  return port === 443 ? host : `${host}:${port}`;
}

function siteCommon(config: TProxyConfig, host: string): string[] {
  const lines: string[] = [];
  // Without bind, Caddy listens on every interface.
  if (config.listen.address) lines.push(`bind ${config.listen.address}`);
  if (config.tls === 'files') {
    lines.push('# Placeholder paths: point them at your certificate and key.');
    lines.push(`tls /etc/ssl/gatehouse/${host}.crt /etc/ssl/gatehouse/${host}.key`);
  }
  return lines;
}

function stripLines(): string[] {
  return STRIPPED_REQUEST_HEADERS.map((h) => `request_header -${h}`);
}

/** Renders a Caddyfile from an already validated config. */
export function renderCaddyfile(config: TProxyConfig): string {
  const out: string[] = ['# Gatehouse: the sign-in portal and the apps it protects (Caddy forward_auth).'];
  if (config.listen.scheme === 'http') {
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
        ...block(`forward_auth ${upstreamAddress(config.gatehouse)}`, [
          'uri /api/verify/forward-auth',
          `copy_headers ${IDENTITY_HEADERS.join(' ')}`,
        ]),
        '# Caddy < 2.9 copies a header Gatehouse did not send as "{http.reverse_proxy.header.…}".',
        ...IDENTITY_HEADERS.flatMap((h) => {
          const matcher = `@gatehouse_unset_${h.toLowerCase().replace(/-/g, '_')}`;
          return [`${matcher} header_regexp ${h} ^[{]http[.]reverse_proxy[.]header[.]`, `request_header ${matcher} -${h}`];
        }),
      ]),
    ]),
    '',
    '# The portal itself. It is not behind forward_auth: it is where people sign in.',
    ...block(siteAddress(config, config.portal.host), [
      ...siteCommon(config, config.portal.host),
      ...stripLines(),
      '# Only forward_auth may say which request is being verified.',
      'request_header -X-Forwarded-Method',
      'request_header -X-Forwarded-Uri',
      `reverse_proxy ${upstreamAddress(config.gatehouse)}`,
    ]),
  );

  for (const app of config.apps) {
    out.push(
      '',
      `# ${app.host}: every request is checked by Gatehouse first.`,
      ...block(siteAddress(config, app.host), [
        ...siteCommon(config, app.host),
        `import ${SNIPPET}`,
        `reverse_proxy ${upstreamAddress(app.upstream)}`,
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}

/** A Caddyfile for the portal and the protected apps. Throws ProxyConfigError on bad input. */
export function caddyConfig(input: TProxyConfigInput): string {
  return renderCaddyfile(validateProxyConfigInput(input));
}
