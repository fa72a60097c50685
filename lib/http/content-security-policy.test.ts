import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

const NONCE = 'bm9uY2Utdmx1ZQ==';

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    if (map.has(name)) throw new Error(`directive ${name} appears twice in: ${policy}`);
    map.set(name, values);
  }
  return map;
}

const prod = directives(contentSecurityPolicy({ nonce: NONCE, dev: false, https: true, cookieDomain: 'example.com' }));
const dev = directives(contentSecurityPolicy({ nonce: NONCE, dev: true, https: false }));

describe('contentSecurityPolicy', () => {
  it('carries the nonce for scripts and styles', () => {
    expect(prod.get('script-src')).toContain(`'nonce-${NONCE}'`);
    expect(prod.get('style-src')).toContain(`'nonce-${NONCE}'`);
    expect(prod.get('script-src')).toContain("'strict-dynamic'");
  });

  it('uses a fresh nonce each time', () => {
    const other = directives(contentSecurityPolicy({ nonce: 'b3RoZXI=', dev: false, https: true }));
    expect(other.get('script-src')).toContain("'nonce-b3RoZXI='");
    expect(other.get('script-src')).not.toContain(`'nonce-${NONCE}'`);
  });

  it('allows no eval and no inline script in production', () => {
    const policy = contentSecurityPolicy({ nonce: NONCE, dev: false, https: true });
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain("'unsafe-inline'");
  });

  it("allows 'unsafe-eval' for scripts in development only", () => {
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('style-src')).not.toContain("'unsafe-eval'");
  });

  it('forbids framing the portal and plugins', () => {
    expect(prod.get('frame-ancestors')).toEqual(["'none'"]);
    expect(dev.get('frame-ancestors')).toEqual(["'none'"]);
    expect(prod.get('object-src')).toEqual(["'none'"]);
    expect(prod.get('base-uri')).toEqual(["'self'"]);
    expect(prod.get('default-src')).toEqual(["'self'"]);
  });

  it('upgrades insecure requests only over https', () => {
    expect(prod.has('upgrade-insecure-requests')).toBe(true);
    expect(dev.has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce: NONCE, dev: false, https: false })).has('upgrade-insecure-requests')).toBe(false);
  });

  it('lets forms post to the portal and to https apps under the cookie domain', () => {
    expect(prod.get('form-action')).toEqual(["'self'", 'https://*.example.com', 'https://example.com']);
  });

  it('lets forms post only to the portal without a cookie domain', () => {
    expect(dev.get('form-action')).toEqual(["'self'"]);
    expect(directives(contentSecurityPolicy({ nonce: NONCE, dev: false, https: true, cookieDomain: '' })).get('form-action')).toEqual(["'self'"]);
  });

  it('is a single header line', () => {
    expect(contentSecurityPolicy({ nonce: NONCE, dev: false, https: true, cookieDomain: 'example.com' })).not.toMatch(/[\r\n]/);
  });
});
