/** Small builders of nginx lines shared by the snippets and the site file. */
import { STRIPPED_REQUEST_HEADERS, type TProxyConfig, type TSite, type TUpstream } from '../types';
import { ANSWER_BUFFER, HOST_VARIABLE, SNIPPET_DIR } from './names';

/** `X-Paperless-Authorization` → `$upstream_http_x_paperless_authorization`. */
export function upstreamHttpVariable(header: string): string {
  return `$upstream_http_${header.toLowerCase().replace(/-/g, '_')}`;
}

/** `Remote-Groups` → `gatehouse_groups`: the variable that carries Gatehouse's answer. */
export function identityVariable(header: string): string {
  return `gatehouse_${header.slice('Remote-'.length).toLowerCase()}`;
}

export function indent(lines: string[], depth = 1): string[] {
  const pad = '    '.repeat(depth);
  return lines.map((line) => (line === '' ? '' : pad + line));
}

export function block(head: string, body: string[]): string[] {
  return [`${head} {`, ...indent(body), '}'];
}

/** `proxy_set_header X ""` for every header a client must not set; `except` are set elsewhere. */
export function stripLines(except: readonly string[] = []): string[] {
  return STRIPPED_REQUEST_HEADERS.filter((h) => !except.includes(h)).map((h) => `proxy_set_header ${h} "";`);
}

/**
 * Host, X-Forwarded-* and X-Real-IP for a proxied request. The host is the server block's own
 * (HOST_VARIABLE): nginx picks the server block by the request line's host when the request line
 * is absolute ("GET https://app.example.com/x HTTP/1.1") and by the Host header otherwise, so the
 * client's Host header ($http_host) can name another site than the one nginx routed to.
 */
export function forwardingLines(): string[] {
  return [
    `proxy_set_header Host ${HOST_VARIABLE};`,
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $remote_addr;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    `proxy_set_header X-Forwarded-Host ${HOST_VARIABLE};`,
  ];
}

/** `host`, or `host:port` when the site listens on another port than its scheme's default. */
export function hostWithPort(site: TSite): string {
  const defaultPort = site.scheme === 'https' ? 443 : 80;
  return site.port === defaultPort ? site.host : `${site.host}:${site.port}`;
}

/** The `set` that names the server block's own host for the snippets (see forwardingLines). */
export function hostLines(site: TSite): string[] {
  return ["# This server block's own host: what Gatehouse judges and what the upstream gets as Host.", `set ${HOST_VARIABLE} ${hostWithPort(site)};`];
}

/** Buffers for a Gatehouse answer's headers (ANSWER_BUFFER); nginx wants the three together. */
export function answerBufferLines(): string[] {
  return [`proxy_buffer_size ${ANSWER_BUFFER};`, `proxy_buffers 4 ${ANSWER_BUFFER};`, `proxy_busy_buffers_size ${ANSWER_BUFFER};`];
}

export function listenAddress(config: TProxyConfig, port: number, ssl: boolean): string[] {
  const { address } = config.listen;
  const suffix = ssl ? ' ssl' : '';
  if (address === undefined) return [`listen ${port}${suffix};`, `listen [::]:${port}${suffix};`];
  return [`listen ${address.includes(':') ? `[${address}]` : address}:${port}${suffix};`];
}

export function tlsLines(config: TProxyConfig, site: TSite): string[] {
  if (site.scheme !== 'https') return [];
  const { host } = site;
  const [certificate, key, note] =
    config.tls === 'automatic'
      ? [
          `/etc/letsencrypt/live/${host}/fullchain.pem`,
          `/etc/letsencrypt/live/${host}/privkey.pem`,
          "# nginx does not obtain certificates itself: these are certbot's paths (certbot certonly --webroot or --nginx).",
        ]
      : [`/etc/ssl/gatehouse/${host}.crt`, `/etc/ssl/gatehouse/${host}.key`, '# Placeholder paths: point them at your certificate and key.'];
  return [note, `ssl_certificate ${certificate};`, `ssl_certificate_key ${key};`, 'ssl_protocols TLSv1.2 TLSv1.3;'];
}

export function upstreamTls(upstream: TUpstream, sniName: string | null): string[] {
  if (upstream.scheme !== 'https') return [];
  return ['proxy_ssl_server_name on;', ...(sniName ? [`proxy_ssl_name ${sniName};`] : [])];
}

export function hostOf(upstream: TUpstream): string {
  return upstream.hostPort.slice(0, upstream.hostPort.lastIndexOf(':'));
}

/** nginx `return` text in single quotes: the bodies are constants without ' or $. */
export function quoted(body: string): string {
  if (/['$\\]/.test(body)) throw new Error(`cannot quote ${body} for nginx`);
  return `'${body}'`;
}

export function include(name: string, lines: string[], inline: boolean): string[] {
  return inline ? [`# ${name}`, ...lines] : [`include ${SNIPPET_DIR}/${name};`];
}
