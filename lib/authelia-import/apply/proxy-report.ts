/**
 * What changes in the reverse proxy when Gatehouse takes Authelia's place. Gatehouse answers
 * Authelia's verify paths (/api/authz/auth-request, /api/authz/forward-auth, /api/verify) with the
 * same headers and status codes (lib/verify/handle.ts), so the line to change is the one that names
 * Authelia's address: it names Gatehouse's instead (the upstream /admin/proxy keeps, or this
 * machine's default, lib/proxy-config). The sign-in URL lines change too only when Gatehouse's public
 * URL is not Authelia's. The lines are those of Authelia's own published integration guides
 * (nginx authelia-location.conf / the older location /authelia, Caddy forward_auth, Traefik
 * forwardAuth as labels or a file). Pure.
 */
export type ProxyKind = 'nginx' | 'caddy' | 'traefik';
export type ProxyLineChange = { proxy: ProxyKind; where: string; from: string; to: string };
export type ProxyReport = {
  /** Where the proxy reaches Gatehouse, e.g. http://127.0.0.1:9091. */
  upstream: string;
  changes: ProxyLineChange[];
};

/** How Authelia's guides name it from the proxy: the container name and Authelia's port. */
export const AUTHELIA_ADDRESS = 'authelia:9091';

const hostPort = (upstream: string): string => new URL(upstream).host;

export function proxyReportFor(input: { upstream: string; gatehouseUrl: string; autheliaUrls: string[] }): ProxyReport {
  const to = hostPort(input.upstream);
  const scheme = new URL(input.upstream).protocol.replace(':', '');
  const changes: ProxyLineChange[] = [
    {
      proxy: 'nginx',
      where: 'snippets/authelia-location.conf',
      from: `set $upstream_authelia http://${AUTHELIA_ADDRESS}/api/authz/auth-request;`,
      to: `set $upstream_authelia ${scheme}://${to}/api/authz/auth-request;`,
    },
    {
      proxy: 'nginx',
      where: 'location /authelia (older guides)',
      from: `set $upstream_authelia http://${AUTHELIA_ADDRESS}/api/verify;`,
      to: `set $upstream_authelia ${scheme}://${to}/api/verify;`,
    },
    { proxy: 'caddy', where: 'Caddyfile, each protected site', from: `forward_auth ${AUTHELIA_ADDRESS} {`, to: `forward_auth ${to} {` },
    {
      proxy: 'traefik',
      where: 'the forwardAuth middleware (label or file)',
      from: `address: http://${AUTHELIA_ADDRESS}/api/authz/forward-auth`,
      to: `address: ${scheme}://${to}/api/authz/forward-auth`,
    },
  ];
  const portal = input.gatehouseUrl.replace(/\/+$/, '');
  for (const raw of input.autheliaUrls) {
    const old = raw.replace(/\/+$/, '');
    if (old === portal) continue;
    changes.push(
      {
        proxy: 'nginx',
        where: 'snippets/authelia-authrequest.conf',
        from: `set $signin_url ${old}/?rd=$target_url;`,
        to: `set $signin_url ${portal}/?rd=$target_url;`,
      },
      {
        proxy: 'nginx',
        where: 'location /authelia (older guides)',
        from: `error_page 401 =302 ${old}/?rd=$target_url;`,
        to: `error_page 401 =302 ${portal}/?rd=$target_url;`,
      },
      {
        proxy: 'traefik',
        where: 'the forwardAuth middleware (label or file)',
        from: `address: http://${AUTHELIA_ADDRESS}/api/verify?rd=${old}/`,
        to: `address: ${scheme}://${to}/api/verify?rd=${portal}/`,
      },
    );
  }
  return { upstream: input.upstream, changes };
}
