import { describe, expect, it } from 'vitest';
import { caddyConfig } from './caddy';
import { HTTP_INPUT, HTTPS_INPUT, PAPERLESS_ALWAYS_BLOCKED_PATHS, PAPERLESS_INPUT, PAPERLESS_NOT_BLOCKED_PATHS } from './test-inputs';
import { PAPERLESS_BLOCKED_BODY, PAPERLESS_PROBE_PATHS, STRIPPED_REQUEST_HEADERS } from './types';

const input = HTTPS_INPUT;
const httpInput = HTTP_INPUT;

type TBlock = { head: string; lines: string[]; blocks: TBlock[] };

/** Top-level blocks of a Caddyfile, keyed by their head (`(gatehouse)`, a site address, `` for global options). */
function parse(text: string): Map<string, TBlock> {
  const rootBlock: TBlock = { head: '', lines: [], blocks: [] };
  const stack = [rootBlock];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const top = stack[stack.length - 1]!;
    if (line.endsWith('{')) {
      const block: TBlock = { head: line.slice(0, -1).trim(), lines: [], blocks: [] };
      top.blocks.push(block);
      top.lines.push(line);
      stack.push(block);
    } else if (line === '}') stack.pop();
    else top.lines.push(line);
  }
  expect(stack).toHaveLength(1);
  return new Map(rootBlock.blocks.map((b) => [b.head, b]));
}

function stripLines(): string[] {
  return STRIPPED_REQUEST_HEADERS.map((h) => `request_header -${h}`);
}

/** After forward_auth: the client's Cookie goes, Gatehouse's filtered one (if not empty) comes. */
const COOKIE_LINES = [
  'request_header -Cookie',
  '@gatehouse_cookie header_regexp X-Gatehouse-Upstream-Cookie .',
  'request_header @gatehouse_cookie Cookie {http.request.header.X-Gatehouse-Upstream-Cookie}',
  'request_header -X-Gatehouse-Upstream-Cookie',
];

describe('caddyConfig', () => {
  it('defines a (gatehouse) snippet that strips client headers, then asks Gatehouse, in that order', () => {
    const snippet = parse(caddyConfig(input)).get('(gatehouse)');
    const route = snippet?.blocks[0];
    expect(snippet?.lines).toEqual(['route {']);
    expect(route?.head).toBe('route');
    const askAt = route!.lines.indexOf('forward_auth 127.0.0.1:9091 {');
    expect(route?.lines.slice(0, askAt)).toEqual([...stripLines(), 'request_header -X-Gatehouse-Upstream-Cookie']);
    expect(route?.lines).toContain('request_header -Remote-User');
    expect(route?.lines).toContain('request_header -Remote_User');
    expect(route?.blocks[0]?.lines).toEqual([
      'uri /api/verify/forward-auth',
      'copy_headers Remote-User Remote-Groups Remote-Name Remote-Email Cookie>X-Gatehouse-Upstream-Cookie',
    ]);
  });

  it('removes identity headers Caddy < 2.9 copied as literal placeholders, after forward_auth', () => {
    const route = parse(caddyConfig(input)).get('(gatehouse)')?.blocks[0];
    const askAt = route!.lines.indexOf('forward_auth 127.0.0.1:9091 {');
    expect(route?.lines.slice(askAt + 1)).toEqual([
      '@gatehouse_unset_remote_user header_regexp Remote-User ^[{]http[.]reverse_proxy[.]header[.]',
      'request_header @gatehouse_unset_remote_user -Remote-User',
      '@gatehouse_unset_remote_groups header_regexp Remote-Groups ^[{]http[.]reverse_proxy[.]header[.]',
      'request_header @gatehouse_unset_remote_groups -Remote-Groups',
      '@gatehouse_unset_remote_name header_regexp Remote-Name ^[{]http[.]reverse_proxy[.]header[.]',
      'request_header @gatehouse_unset_remote_name -Remote-Name',
      '@gatehouse_unset_remote_email header_regexp Remote-Email ^[{]http[.]reverse_proxy[.]header[.]',
      'request_header @gatehouse_unset_remote_email -Remote-Email',
      '@gatehouse_unset_x_gatehouse_upstream_cookie header_regexp X-Gatehouse-Upstream-Cookie ^[{]http[.]reverse_proxy[.]header[.]',
      'request_header @gatehouse_unset_x_gatehouse_upstream_cookie -X-Gatehouse-Upstream-Cookie',
      ...COOKIE_LINES,
    ]);
  });

  it("hands the app exactly the Cookie Gatehouse gives back, or none (never the client's, with the session cookie)", () => {
    for (const snippet of ['(gatehouse)', '(gatehouse_paperless)']) {
      const route = parse(caddyConfig(PAPERLESS_INPUT)).get(snippet)!.blocks[0]!;
      const askAt = route.lines.findIndex((l) => l.startsWith('forward_auth '));
      const cookieAt = route.lines.indexOf(COOKIE_LINES[0]!);
      expect(cookieAt).toBeGreaterThan(askAt);
      expect(route.lines.slice(cookieAt, cookieAt + COOKIE_LINES.length)).toEqual(COOKIE_LINES);
      // A client's own handover header is gone before forward_auth can copy into it.
      expect(route.lines.slice(0, askAt)).toContain('request_header -X-Gatehouse-Upstream-Cookie');
    }
  });

  it('proxies the portal to Gatehouse with client identity headers stripped', () => {
    const portal = parse(caddyConfig(input)).get('auth.example.com');
    expect(portal?.lines).toEqual(expect.arrayContaining([...stripLines(), 'reverse_proxy 127.0.0.1:9091']));
    expect(portal?.lines).not.toContain('import gatehouse');
  });

  it('answers 404 on the portal for the verify paths and /api/metrics in every spelling, and for targets that are not a path', () => {
    const portal = parse(caddyConfig(input)).get('auth.example.com')!;
    expect(portal.lines.slice(0, 4)).toEqual([
      '@gatehouse_closed path_regexp `(?i)^/api/(verify|authz|metrics)|[\\\\;]`',
      'respond @gatehouse_closed 404',
      '@gatehouse_not_a_path not vars_regexp {http.request.uri} ^/',
      'respond @gatehouse_not_a_path 404',
    ]);
    // path_regexp sees Caddy's cleaned path (decoded, // merged, dot segments resolved); the
    // backticks keep the backslash, so Go reads [\\;] as "a backslash or a semicolon".
    const pattern = /`\(\?i\)(.*)`/.exec(portal.lines[0]!)![1]!;
    const closed = new RegExp(pattern, 'i');
    for (const path of [
      '/api/verify',
      '/api/verify/forward-auth',
      '/api/authz/auth-request',
      '/API/Verify',
      '/api/verify/',
      '/api/verify;x',
      '/api\\verify',
      '/a;b',
      '/api/metrics',
      '/API/Metrics',
    ]) {
      expect(closed.test(path), path).toBe(true);
    }
    for (const path of ['/', '/sign-in', '/api/auth/callback/github', '/api/health', '/x/api/verify', '/x/api/metrics'])
      expect(closed.test(path), path).toBe(false);
  });

  it('gives every app a site block that imports the snippet before reverse_proxy', () => {
    const blocks = parse(caddyConfig(input));
    expect(blocks.get('paperless.example.com')?.lines).toEqual(['import gatehouse', 'reverse_proxy 127.0.0.1:8000']);
    expect(blocks.get('wiki.example.com')?.lines).toEqual(['import gatehouse', 'reverse_proxy https://10.0.0.7:3443']);
  });

  it('strips on every site: each one either imports the snippet or strips itself', () => {
    for (const config of [caddyConfig(input), caddyConfig(httpInput)]) {
      const sites = [...parse(config).values()].filter((b) => b.head !== '' && !b.head.startsWith('('));
      expect(sites.length).toBeGreaterThan(1);
      for (const site of sites) {
        const strips = stripLines().every((l) => site.lines.includes(l));
        expect(site.lines.includes('import gatehouse') || strips, site.head).toBe(true);
      }
      // Gatehouse's Remote-User is only ever copied from its answer.
      expect(config.match(/copy_headers/g)).toHaveLength(1);
      expect(config).not.toMatch(/header_up\s+Remote/i);
    }
  });

  it('uses automatic HTTPS by default: bare host addresses, no global options, no bind', () => {
    const text = caddyConfig(input);
    expect(parse(text).has('')).toBe(false);
    expect(text).not.toMatch(/^\s*(bind|tls)\b/m);
    expect(caddyConfig({ ...input, listen: { scheme: 'https', port: 8443 } })).toMatch(/^auth\.example\.com:8443 \{$/m);
  });

  it('points tls at placeholder files when asked', () => {
    const site = parse(caddyConfig({ ...input, tls: 'files' })).get('paperless.example.com');
    expect(site?.lines).toContain('tls /etc/ssl/gatehouse/paperless.example.com.crt /etc/ssl/gatehouse/paperless.example.com.key');
  });

  it('in http test mode: global options, http://host:port addresses and bind 127.0.0.1', () => {
    const text = caddyConfig(httpInput);
    const blocks = parse(text);
    expect(text.startsWith('# Gatehouse')).toBe(true);
    expect(blocks.get('')?.lines).toEqual(['admin off', 'auto_https off']);
    expect(blocks.get('http://auth.example.test:18080')?.lines[0]).toBe('bind 127.0.0.1');
    expect(blocks.get('http://paperless.example.test:18080')?.lines).toEqual(['bind 127.0.0.1', 'import gatehouse', 'reverse_proxy 127.0.0.1:18000']);
  });

  it('indents with tabs, as caddy fmt does', () => {
    const indented = caddyConfig(input)
      .split('\n')
      .filter((l) => /^\s/.test(l));
    expect(indented.length).toBeGreaterThan(0);
    expect(indented.every((l) => /^\t+\S/.test(l))).toBe(true);
  });

  it('throws a readable error for bad input', () => {
    expect(() => caddyConfig({ ...input, gatehouseUpstream: 'http://127.0.0.1:9091/api' })).toThrow(/gatehouseUpstream must be a bare origin/);
  });
});

describe('caddyConfig for a Paperless-ngx app', () => {
  const text = caddyConfig(PAPERLESS_INPUT);
  const route = () => parse(text).get('(gatehouse_paperless)')!.blocks[0]!;
  const at = (line: string) => {
    const index = route().lines.indexOf(line);
    expect(index, line).toBeGreaterThanOrEqual(0);
    return index;
  };

  it('imports a (gatehouse_paperless) snippet on Paperless sites only, and emits it only when needed', () => {
    const blocks = parse(text);
    expect(blocks.get('paperless.example.com')?.lines).toEqual(['import gatehouse_paperless', 'reverse_proxy 127.0.0.1:8000']);
    expect(blocks.get('wiki.example.com')?.lines).toEqual(['import gatehouse', 'reverse_proxy https://10.0.0.7:3443']);
    expect(blocks.get('(gatehouse)')).toEqual(parse(caddyConfig(input)).get('(gatehouse)'));
    expect(caddyConfig(input)).not.toMatch(/paperless_|X-Paperless-Authorization/);
    expect(route().head).toBe('route');
  });

  it('strips client identity headers (and made-up token and cookie handover headers) before anything else', () => {
    const lines = route().lines;
    expect(lines.slice(0, STRIPPED_REQUEST_HEADERS.length + 3)).toEqual([
      ...stripLines(),
      'request_header -X-Paperless-Authorization',
      'request_header -X-Gatehouse-Paperless-Authorization',
      'request_header -X-Gatehouse-Upstream-Cookie',
    ]);
  });

  it('refuses dot segments, then the blocked paths, before any probe or forward_auth', () => {
    const lines = route().lines;
    expect(lines).toContain('@gatehouse_paperless_dot_segments vars_regexp {http.request.uri.path} (^|/)[.][.]?(/|$)');
    const blockedAt = at(
      '@gatehouse_paperless_blocked path *admin/* */admin /api/auth/headless /api/auth/headless/* /api/auth/login /api/auth/login/* /api/token /api/profile/generate_auth_token /api/profile/generate_auth_token/*',
    );
    expect(at('respond @gatehouse_paperless_dot_segments 400')).toBeLessThan(blockedAt);
    const respondBlocked = at(`respond @gatehouse_paperless_blocked \`${PAPERLESS_BLOCKED_BODY}\` 403`);
    const respondWrite = at(`respond @gatehouse_paperless_probe_write \`${PAPERLESS_BLOCKED_BODY}\` 403`);
    const forwardAuth = at('forward_auth @gatehouse_paperless_protected 127.0.0.1:9091 {');
    expect(Math.max(respondBlocked, respondWrite)).toBeLessThan(at('request_header @gatehouse_paperless_probe -Authorization'));
    expect(at('request_header @gatehouse_paperless_probe -Cookie')).toBeLessThan(forwardAuth);
    const write = route().blocks.find((b) => b.head === '@gatehouse_paperless_probe_write');
    expect(write?.lines).toEqual([`path ${PAPERLESS_PROBE_PATHS.join(' ')}`, 'not method GET HEAD']);
    expect(lines).toContain('header @gatehouse_paperless_blocked Content-Type application/json');
  });

  it("blocks exactly the intended paths (Caddy's path matcher: cleaned, lower-cased, * at either end)", () => {
    const line = route().lines.find((l) => l.startsWith('@gatehouse_paperless_blocked path '))!;
    const patterns = line.split(' ').slice(2);
    const matches = (path: string) =>
      patterns.some((p) => {
        const lower = path.toLowerCase();
        if (p.startsWith('*') && p.endsWith('*')) return lower.includes(p.slice(1, -1));
        if (p.startsWith('*')) return lower.endsWith(p.slice(1));
        if (p.endsWith('*')) return lower.startsWith(p.slice(0, -1));
        return lower === p;
      });
    for (const path of PAPERLESS_ALWAYS_BLOCKED_PATHS) expect(matches(path), path).toBe(true);
    for (const path of [...PAPERLESS_NOT_BLOCKED_PATHS, ...PAPERLESS_PROBE_PATHS]) expect(matches(path), path).toBe(false);
  });

  it('lets the exact probes (GET/HEAD) skip forward_auth without Authorization or Cookie', () => {
    const exact = [
      'method GET HEAD',
      `vars {http.request.uri.path} ${PAPERLESS_PROBE_PATHS.join(' ')}`,
      // As forwarded (escaped again), too: /api%2F decodes to /api/ but reaches Paperless as /api%2F.
      `vars_regexp {http.request.uri} ^(${PAPERLESS_PROBE_PATHS.join('|')})([?]|$)`,
    ];
    const probe = route().blocks.find((b) => b.head === '@gatehouse_paperless_probe');
    expect(probe?.lines).toEqual(exact);
    const protectedMatcher = route().blocks.find((b) => b.head === '@gatehouse_paperless_protected');
    expect(protectedMatcher?.blocks).toEqual([{ head: 'not', lines: exact, blocks: [] }]);
    expect(text.match(/^\s*forward_auth /gm)).toHaveLength(2); // (gatehouse) and (gatehouse_paperless)
  });

  it("hands Gatehouse's X-Paperless-Authorization over to Authorization, and drops the client's own", () => {
    const fa = route().blocks.find((b) => b.head === 'forward_auth @gatehouse_paperless_protected 127.0.0.1:9091');
    expect(fa?.lines).toEqual([
      'uri /api/verify/forward-auth',
      'copy_headers Remote-User Remote-Groups Remote-Name Remote-Email X-Paperless-Authorization>X-Gatehouse-Paperless-Authorization Cookie>X-Gatehouse-Upstream-Cookie',
    ]);
    const lines = route().lines;
    const forwardAuth = at('forward_auth @gatehouse_paperless_protected 127.0.0.1:9091 {');
    // After Gatehouse judged the client's Authorization: delete it, then set the real token if any.
    expect(lines.slice(-4)).toEqual([
      'request_header -Authorization',
      '@gatehouse_paperless_token header_regexp X-Gatehouse-Paperless-Authorization "^Token [0-9A-Za-z]+$"',
      'request_header @gatehouse_paperless_token Authorization {http.request.header.X-Gatehouse-Paperless-Authorization}',
      'request_header -X-Gatehouse-Paperless-Authorization',
    ]);
    expect(at('request_header -Authorization')).toBeGreaterThan(forwardAuth);
    // Nothing removes Authorization before forward_auth except on the probes: Gatehouse must see it.
    expect(lines.slice(0, forwardAuth).filter((l) => /^request_header (@\S+ )?-Authorization$/.test(l))).toEqual([
      'request_header @gatehouse_paperless_probe -Authorization',
    ]);
    // The Caddy < 2.9 placeholder clean-up of the identity headers is kept.
    expect(lines).toContain('request_header @gatehouse_unset_remote_user -Remote-User');
    // The handover pattern never accepts the literal placeholder Caddy 2.6 copies for a missing header.
    expect(/^Token [0-9A-Za-z]+$/.test('{http.reverse_proxy.header.X-Paperless-Authorization}')).toBe(false);
  });

  it('is tab-indented and still needs no global options in https mode', () => {
    expect(parse(text).has('')).toBe(false);
    expect(
      text
        .split('\n')
        .filter((l) => /^\s/.test(l))
        .every((l) => /^\t+\S/.test(l)),
    ).toBe(true);
  });
});
