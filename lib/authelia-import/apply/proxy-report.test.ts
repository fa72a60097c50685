import { describe, expect, it } from 'vitest';
import { proxyReportFor } from './proxy-report';

describe('the proxy report', () => {
  it("changes only Authelia's address when the portal keeps its URL", () => {
    const report = proxyReportFor({ upstream: 'http://127.0.0.1:9091', gatehouseUrl: 'https://auth.example.com', autheliaUrls: ['https://auth.example.com/'] });
    expect(report.changes.map((c) => c.proxy)).toEqual(['nginx', 'nginx', 'caddy', 'traefik']);
    for (const change of report.changes) {
      expect(change.from).toContain('authelia:9091');
      expect(change.to).not.toContain('authelia:9091');
      expect(change.to.replace('127.0.0.1:9091', 'authelia:9091')).toBe(change.from);
    }
  });

  it('also changes the sign-in URL lines when the portal moves, and keeps an https upstream', () => {
    const report = proxyReportFor({ upstream: 'https://[::1]:8443', gatehouseUrl: 'https://sso.example.com', autheliaUrls: ['https://auth.example.com'] });
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        from: 'error_page 401 =302 https://auth.example.com/?rd=$target_url;',
        to: 'error_page 401 =302 https://sso.example.com/?rd=$target_url;',
      }),
    );
    expect(report.changes[2]).toMatchObject({ proxy: 'caddy', to: 'forward_auth [::1]:8443 {' });
    expect(report.changes[0]!.to).toBe('set $upstream_authelia https://[::1]:8443/api/authz/auth-request;');
  });
});
