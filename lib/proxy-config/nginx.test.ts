import { describe, expect, it } from 'vitest';
import { nginxConfig } from './nginx';
import { HTTP_INPUT, HTTPS_INPUT, PAPERLESS_ALWAYS_BLOCKED_PATHS, PAPERLESS_INPUT, PAPERLESS_NOT_BLOCKED_PATHS } from './test-inputs';
import { PAPERLESS_BLOCKED_BODY, PAPERLESS_PROBE_PATHS, STRIPPED_REQUEST_HEADERS } from './types';

const input = HTTPS_INPUT;
const httpInput = HTTP_INPUT;

type TBlock = { head: string; lines: string[]; blocks: TBlock[] };

/** Parses the generated text (one directive per line) into nested blocks, comments dropped. */
function parse(text: string): TBlock {
  const rootBlock: TBlock = { head: '', lines: [], blocks: [] };
  const stack = [rootBlock];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const top = stack[stack.length - 1]!;
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('{')) {
      const block = { head: line.slice(0, -1).trim(), lines: [], blocks: [] };
      top.blocks.push(block);
      stack.push(block);
    } else if (line === '}') {
      stack.pop();
      expect(stack.length).toBeGreaterThan(0);
    } else top.lines.push(line);
  }
  expect(stack).toHaveLength(1);
  return rootBlock;
}

function servers(text: string): TBlock[] {
  return parse(text).blocks.filter((b) => b.head === 'server');
}

function serverFor(text: string, host: string): TBlock {
  const found = servers(text).filter((s) => s.lines.includes(`server_name ${host};`));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function locations(server: TBlock): TBlock[] {
  return server.blocks.filter((b) => b.head.startsWith('location'));
}

function file(name: string, config = nginxConfig(input)): string {
  const found = config.files.find((f) => f.name === name);
  expect(found, name).toBeDefined();
  return found!.content;
}

describe('nginxConfig', () => {
  it('returns the two snippets and the site file, each with a description', () => {
    const { files } = nginxConfig(input);
    expect(files.map((f) => f.name)).toEqual(['gatehouse-verify.conf', 'gatehouse-protect.conf', 'gatehouse.conf']);
    for (const f of files) {
      expect(f.description).toMatch(/\/etc\/nginx\//);
      expect(f.content.endsWith('\n')).toBe(true);
    }
  });

  it('declares the Gatehouse upstream with keepalive', () => {
    const upstream = parse(nginxConfig(input).full).blocks.find((b) => b.head === 'upstream gatehouse');
    expect(upstream?.lines).toEqual(['server 127.0.0.1:9091;', 'keepalive 32;']);
  });

  it('makes the verify location internal and sends it the original request, never the body', () => {
    const location = parse(file('gatehouse-verify.conf')).blocks.find((b) => b.head.startsWith('location ='))!;
    expect(location.head).toBe('location = /internal/gatehouse/verify');
    expect(location.lines).toEqual(
      expect.arrayContaining([
        'internal;',
        'proxy_pass http://gatehouse/api/verify;',
        'proxy_pass_request_body off;',
        'proxy_set_header Content-Length "";',
        'proxy_set_header X-Original-URL $scheme://$gatehouse_host$request_uri;',
        'proxy_set_header X-Original-Method $request_method;',
        'proxy_set_header X-Forwarded-Host $gatehouse_host;',
        'proxy_set_header X-Forwarded-For $remote_addr;',
        'proxy_set_header X-Real-IP $remote_addr;',
        'proxy_http_version 1.1;',
        'proxy_set_header Connection "";',
        // Gatehouse's answer headers: a Location up to 2,000 bytes and X-Gatehouse-Cookie, up to
        // the client's own cookies (32k with nginx's default large_client_header_buffers).
        'proxy_buffer_size 64k;',
        'proxy_buffers 4 64k;',
        'proxy_busy_buffers_size 64k;',
      ]),
    );
    expect(location.lines).toContain('proxy_set_header Remote-User "";');
    expect(location.lines).toContain('proxy_set_header Remote_User "";');
  });

  it("never builds the target or an upstream Host from the client's Host header", () => {
    // An absolute-form request line routes by its own host while Host names another: nginx's
    // $http_host is the client's Host header, $gatehouse_host the server block's own name.
    for (const config of [nginxConfig(input), nginxConfig(httpInput), nginxConfig(PAPERLESS_INPUT)]) {
      for (const text of [config.full, ...config.files.map((f) => f.content)]) expect(text).not.toContain('$http_host');
      const hostLines = config.full.split('\n').filter((l) => /proxy_set_header (Host|X-Forwarded-Host|X-Original-URL) (?!"";)/.test(l));
      expect(hostLines.length).toBeGreaterThan(0);
      for (const line of hostLines) expect(line, line).toMatch(/\$gatehouse_host[;$]/);
    }
  });

  it("names each server block's own host, with the port only when it is not the scheme's default", () => {
    for (const [config, port] of [
      [nginxConfig(input), ''],
      [nginxConfig(httpInput), ':18080'],
      [nginxConfig({ ...input, listen: { scheme: 'https', port: 8443 } }), ':8443'],
      [nginxConfig({ ...httpInput, listen: { scheme: 'http', port: 80 } }), ''],
    ] as const) {
      const proxying = servers(config.full).filter(
        (s) => s.lines.some((l) => l.startsWith('server_name ')) && !s.lines.some((l) => l.startsWith('return 301')),
      );
      expect(proxying.length).toBeGreaterThan(1);
      for (const server of proxying) {
        const name = server.lines.find((l) => l.startsWith('server_name '))!.slice('server_name '.length, -1);
        expect(name).not.toContain(' ');
        expect(server.lines).toContain(`set $gatehouse_host ${name}${port};`);
      }
    }
  });

  it('wires auth_request, the identity variables and the 401 → 302 redirect in the protect snippet', () => {
    const lines = parse(file('gatehouse-protect.conf')).lines;
    expect(lines).toEqual(
      expect.arrayContaining([
        'auth_request /internal/gatehouse/verify;',
        'auth_request_set $gatehouse_user $upstream_http_remote_user;',
        'auth_request_set $gatehouse_groups $upstream_http_remote_groups;',
        'auth_request_set $gatehouse_name $upstream_http_remote_name;',
        'auth_request_set $gatehouse_email $upstream_http_remote_email;',
        'auth_request_set $gatehouse_redirect $upstream_http_location;',
        'error_page 401 = @gatehouse_unauthorized;',
        'auth_request_set $gatehouse_status $upstream_http_x_gatehouse_status;',
        'error_page 403 = @gatehouse_forbidden;',
        'proxy_set_header Remote-User $gatehouse_user;',
        'proxy_set_header Remote-Groups $gatehouse_groups;',
        'proxy_set_header Remote-Name $gatehouse_name;',
        'proxy_set_header Remote-Email $gatehouse_email;',
        'proxy_set_header Remote_User "";',
      ]),
    );
    // auth_request_set comes from Gatehouse's answer; nothing reads the client's own header.
    expect(file('gatehouse-protect.conf')).not.toMatch(/\$http_remote/);
  });

  it("redirects a 401 to Gatehouse's Location, and keeps the 401 when Gatehouse gave none", () => {
    const unauthorized = parse(file('gatehouse-verify.conf')).blocks.find((b) => b.head === 'location @gatehouse_unauthorized');
    expect(unauthorized?.blocks).toEqual([{ head: 'if ($gatehouse_redirect)', lines: ['return 302 $gatehouse_redirect;'], blocks: [] }]);
    expect(unauthorized?.lines).toEqual(['return 401;']);
    // Only the protect snippet sends errors there: 401s, and 403s (next test).
    const directives = nginxConfig(input)
      .full.match(/^\s*error_page .*$/gm)
      ?.map((l) => l.trim());
    expect(directives).toEqual(Array(2).fill(['error_page 401 = @gatehouse_unauthorized;', 'error_page 403 = @gatehouse_forbidden;']).flat());
  });

  it('turns Gatehouse\'s "bad request" (403 + X-Gatehouse-Status: 400) into a 400, and keeps a deny a 403', () => {
    // auth_request turns a 400 from Gatehouse into a 500: Gatehouse says 403 and marks it.
    const forbidden = parse(file('gatehouse-verify.conf')).blocks.find((b) => b.head === 'location @gatehouse_forbidden');
    expect(forbidden?.blocks).toEqual([{ head: 'if ($gatehouse_status = 400)', lines: ['return 400;'], blocks: [] }]);
    expect(forbidden?.lines).toEqual(['return 403;']);
    for (const name of ['gatehouse-protect.conf', 'gatehouse-protect-paperless.conf']) {
      const lines = parse(file(name, nginxConfig(PAPERLESS_INPUT))).lines;
      expect(lines).toContain('auth_request_set $gatehouse_status $upstream_http_x_gatehouse_status;');
      expect(lines).toContain('error_page 403 = @gatehouse_forbidden;');
    }
  });

  it("hands the app the cookies Gatehouse gives back (without its session cookie), never the client's Cookie", () => {
    for (const name of ['gatehouse-protect.conf', 'gatehouse-protect-paperless.conf']) {
      const lines = parse(file(name, nginxConfig(PAPERLESS_INPUT))).lines;
      expect(lines).toContain('auth_request_set $gatehouse_cookie $upstream_http_x_gatehouse_cookie;');
      expect(lines.filter((l) => l.startsWith('proxy_set_header Cookie '))).toEqual(['proxy_set_header Cookie $gatehouse_cookie;']);
    }
    // The verify request itself carries the client's Cookie (Gatehouse reads its session there).
    const verify = parse(file('gatehouse-verify.conf')).blocks.find((b) => b.head === 'location = /internal/gatehouse/verify')!;
    expect(verify.lines.some((l) => l.startsWith('proxy_set_header Cookie'))).toBe(false);
  });

  it('gives every app its own server block with both snippets and proxy_pass to its own keepalive upstream', () => {
    const site = file('gatehouse.conf');
    for (const [index, host, scheme, server] of [
      ['paperless.example.com_443', 'paperless.example.com', 'http', '127.0.0.1:8000'],
      ['wiki.example.com_443', 'wiki.example.com', 'https', '10.0.0.7:3443'],
    ] as const) {
      expect(site).toContain(`upstream gatehouse_app_${index} {\n    server ${server};\n    keepalive 16;\n}`);
      const block = serverFor(site, host);
      expect(block.lines).toContain('include snippets/gatehouse-verify.conf;');
      const [root] = locations(block);
      expect(root?.head).toBe('location /');
      expect(root?.lines[0]).toBe('include snippets/gatehouse-protect.conf;');
      expect(root?.lines).toContain(`proxy_pass ${scheme}://gatehouse_app_${index};`);
    }
    const wiki = locations(serverFor(site, 'wiki.example.com'))[0]?.lines;
    expect(wiki).toContain('proxy_ssl_server_name on;');
    expect(wiki).toContain('proxy_ssl_name 10.0.0.7;');
  });

  it('strips client identity headers on every route, and passes Remote-User only from Gatehouse', () => {
    const full = nginxConfig(input).full;
    const all = servers(full).flatMap((server) => locations(server));
    expect(all.length).toBe(3 + 4 * 2); // the portal's three; @unauthorized, @forbidden, verify and / per app
    for (const location of all.filter((l) => l.lines.some((line) => line.startsWith('proxy_pass ')))) {
      const sets = new Map(
        location.lines
          .filter((l) => l.startsWith('proxy_set_header '))
          .map((l) => {
            const [, name, value] = /^proxy_set_header (\S+) (.*);$/.exec(l)!;
            return [name!, value!] as const;
          }),
      );
      for (const header of STRIPPED_REQUEST_HEADERS) {
        const value = sets.get(header);
        expect(value, `${location.head}: ${header}`).toBeDefined();
        const fromGatehouse = header.startsWith('Remote-') && value === `$gatehouse_${header.slice(7).toLowerCase()}`;
        const isOriginal = header.startsWith('X-Original-') && location.head.includes('/internal/gatehouse/verify');
        if (!fromGatehouse && !isOriginal) expect(value, `${location.head}: ${header}`).toBe('""');
      }
    }
  });

  it('serves the portal from Gatehouse with forwarding headers, outside auth_request', () => {
    const portal = serverFor(nginxConfig(input).full, 'auth.example.com');
    const location = locations(portal).find((l) => l.head === 'location /');
    expect(location?.lines).toEqual(
      expect.arrayContaining([
        'proxy_pass http://gatehouse;',
        'proxy_set_header X-Forwarded-For $remote_addr;',
        'proxy_set_header X-Forwarded-Proto $scheme;',
        'proxy_set_header Host $gatehouse_host;',
        'proxy_set_header X-Forwarded-Host $gatehouse_host;',
        'proxy_set_header Remote-User "";',
        'proxy_set_header Remote_User "";',
        'proxy_buffer_size 64k;',
      ]),
    );
    expect(location?.lines.some((l) => l.startsWith('auth_request'))).toBe(false);
  });

  it("answers 404 on the portal for every spelling of the verify paths (for the proxy only) and of /api/metrics (for a scraper at Gatehouse's own address)", () => {
    const portal = serverFor(nginxConfig(input).full, 'auth.example.com');
    expect(locations(portal).map((l) => l.head)).toEqual(['location ~* ^/api/(verify|authz|metrics)', 'location ~ "[;\\x5c]"', 'location /']);
    const closed = locations(portal).slice(0, 2);
    for (const location of closed) expect(location.lines).toEqual(['return 404;']);
    // nginx matches regex locations against its normalised path: percent-decoded, // merged,
    // dot segments resolved (so //api/verify and /api/%76erify arrive here as /api/verify).
    const [verifyPaths, oddChars] = closed.map((l) => new RegExp(/location ~\*? "?([^"]*)"?$/.exec(l.head)![1]!, l.head.startsWith('location ~*') ? 'i' : ''));
    const isClosed = (normalised: string) => verifyPaths!.test(normalised) || oddChars!.test(normalised);
    for (const path of [
      '/api/verify',
      '/api/verify/forward-auth',
      '/api/authz/auth-request',
      '/api/authz/forward-auth',
      '/API/Verify',
      '/api/verify/',
      '/api/verify;x',
      '/api\\verify',
      '/a;b',
      '/api/verifyx',
      '/api/metrics',
      '/API/Metrics',
      '/api/metrics/',
    ]) {
      expect(isClosed(path), path).toBe(true);
    }
    for (const path of [
      '/',
      '/sign-in',
      '/api/auth/callback/github',
      '/api/health',
      '/admin/rules',
      '/_next/static/chunks/a.js',
      '/x/api/verify',
      '/x/api/metrics',
    ]) {
      expect(isClosed(path), path).toBe(false);
    }
  });

  it('listens with ssl and placeholder certificates for https, and redirects plain http', () => {
    const site = file('gatehouse.conf');
    const portal = serverFor(site, 'auth.example.com');
    expect(portal.lines).toEqual(
      expect.arrayContaining([
        'listen 443 ssl;',
        'listen [::]:443 ssl;',
        'ssl_certificate /etc/letsencrypt/live/auth.example.com/fullchain.pem;',
        'ssl_certificate_key /etc/letsencrypt/live/auth.example.com/privkey.pem;',
      ]),
    );
    expect(site).toMatch(/# nginx does not obtain certificates itself/);
    const redirect = servers(site).find((s) => s.lines.includes('listen 80;'));
    expect(redirect?.lines).toEqual([
      'listen 80;',
      'listen [::]:80;',
      'server_name auth.example.com paperless.example.com wiki.example.com;',
      'return 301 https://$host$request_uri;',
    ]);

    const files = nginxConfig({ ...input, tls: 'files', listen: { scheme: 'https', port: 8443, address: '192.0.2.10' } });
    const fromFiles = serverFor(file('gatehouse.conf', files), 'auth.example.com');
    expect(fromFiles.lines).toContain('listen 192.0.2.10:8443 ssl;');
    expect(fromFiles.lines).toContain('ssl_certificate /etc/ssl/gatehouse/auth.example.com.crt;');
    expect(servers(files.full).some((s) => s.lines.some((l) => l.startsWith('return 301')))).toBe(false);
  });

  it('listens on plain http on the given address and port in test mode', () => {
    const { full } = nginxConfig(httpInput);
    for (const server of servers(full)) {
      expect(server.lines.filter((l) => l.startsWith('listen '))).toEqual(['listen 127.0.0.1:18080;']);
      expect(server.lines.some((l) => l.startsWith('ssl_'))).toBe(false);
    }
    expect(nginxConfig({ ...httpInput, listen: { scheme: 'http', port: 18080, address: '::1' } }).full).toContain('listen [::1]:18080;');
  });

  it('inlines the snippets in `full` and references them by path in the site file', () => {
    const config = nginxConfig(input);
    expect(config.full).not.toContain('include snippets/');
    expect(file('gatehouse.conf', config)).toContain('include snippets/gatehouse-verify.conf;');
    expect(config.full).toContain('location = /internal/gatehouse/verify {');
    expect(config.full.match(/location @gatehouse_unauthorized \{/g)).toHaveLength(2);
    expect(config.full.match(/auth_request \/internal\/gatehouse\/verify;/g)).toHaveLength(2);
  });

  it('speaks TLS to an https Gatehouse upstream with the right server name', () => {
    const { full } = nginxConfig({ ...input, gatehouseUpstream: 'https://gatehouse.internal:9443' });
    expect(full).toContain('server gatehouse.internal:9443;');
    expect(full).toContain('proxy_pass https://gatehouse/api/verify;');
    expect(full).toContain('proxy_ssl_name gatehouse.internal;');
  });

  it('throws a readable error for bad input', () => {
    expect(() => nginxConfig({ ...input, apps: [{ host: 'x;y', upstream: 'http://127.0.0.1' }] })).toThrow(/apps\[0\]\.host must be a host name/);
  });
});

describe('nginxConfig for a Paperless-ngx app', () => {
  const config = nginxConfig(PAPERLESS_INPUT);
  /** The server block with the snippets inlined (`full`), or as the site file includes them. */
  const paperless = () => serverFor(config.full, 'paperless.example.com');
  const paperlessSite = () => serverFor(file('gatehouse.conf', config), 'paperless.example.com');

  function locationsOf(server: TBlock, head: string): TBlock {
    const found = locations(server).filter((l) => l.head === head);
    expect(found, head).toHaveLength(1);
    return found[0]!;
  }

  function headers(location: TBlock): Map<string, string> {
    return new Map(
      location.lines
        .filter((l) => l.startsWith('proxy_set_header '))
        .map((l) => {
          const [, name, value] = /^proxy_set_header (\S+) (.*);$/.exec(l)!;
          return [name!, value!] as const;
        }),
    );
  }

  it('adds three snippets for Paperless hosts, and only when an app is marked Paperless', () => {
    expect(config.files.map((f) => f.name)).toEqual([
      'gatehouse-verify.conf',
      'gatehouse-protect.conf',
      'gatehouse-paperless.conf',
      'gatehouse-paperless-probe.conf',
      'gatehouse-protect-paperless.conf',
      'gatehouse.conf',
    ]);
    for (const f of config.files) expect(f.description).toMatch(/\/etc\/nginx\//);
    expect(nginxConfig(input).full).not.toMatch(/paperless_|\$gatehouse_token_client|X-Paperless-Authorization/);
    expect(nginxConfig({ ...PAPERLESS_INPUT, apps: PAPERLESS_INPUT.apps.map((a) => ({ ...a, paperless: false })) })).toEqual(nginxConfig(input));
  });

  it('knows API clients by their "Authorization: Token" header (keyword case-insensitive)', () => {
    const map = parse(config.full).blocks.find((b) => b.head === 'map $http_authorization $gatehouse_token_client');
    expect(map?.lines).toEqual(['default 0;', '"~*^\\s*token(\\s|$)" 1;']);
    const pattern = /^\s*token(\s|$)/i;
    for (const yes of ['Token abc', 'token abc', 'TOKEN', ' Token x']) expect(pattern.test(yes), yes).toBe(true);
    for (const no of ['Basic abc', 'Bearer x', 'Tokenabc', '']) expect(pattern.test(no), no).toBe(false);
  });

  it("swaps the device token for Gatehouse's X-Paperless-Authorization on the protected route", () => {
    const root = locationsOf(paperlessSite(), 'location /');
    expect(root.lines[0]).toBe('include snippets/gatehouse-protect-paperless.conf;');
    expect(root.lines).toContain('proxy_pass http://gatehouse_app_paperless.example.com_443;');
    const lines = parse(file('gatehouse-protect-paperless.conf', config)).lines;
    expect(lines).toEqual(
      expect.arrayContaining([
        'auth_request /internal/gatehouse/verify;',
        'auth_request_set $gatehouse_user $upstream_http_remote_user;',
        'auth_request_set $gatehouse_paperless_authorization $upstream_http_x_paperless_authorization;',
        'auth_request_set $gatehouse_redirect $upstream_http_location;',
        'auth_request_set $gatehouse_cookie $upstream_http_x_gatehouse_cookie;',
        'proxy_set_header Cookie $gatehouse_cookie;',
        'proxy_set_header Authorization $gatehouse_paperless_authorization;',
        'proxy_set_header X-Paperless-Authorization "";',
        'proxy_set_header Remote-User $gatehouse_user;',
        'proxy_set_header Remote_User "";',
      ]),
    );
    // One error_page per code: nginx uses the first for a code, so the Paperless one must replace the usual.
    expect(lines.filter((l) => l.startsWith('error_page'))).toEqual([
      'error_page 401 = @gatehouse_paperless_unauthorized;',
      'error_page 403 = @gatehouse_forbidden;',
    ]);
    expect(lines.filter((l) => l.startsWith('proxy_set_header Authorization'))).toHaveLength(1);
  });

  it("answers API clients' 401s with Paperless's JSON and redirects browsers", () => {
    const snippet = parse(file('gatehouse-paperless.conf', config));
    const unauthorized = snippet.blocks.find((b) => b.head === 'location @gatehouse_paperless_unauthorized');
    expect(unauthorized?.lines).toEqual(['default_type application/json;', 'return 401;']);
    // The token check comes first: an app never gets a redirect, even if Gatehouse named a sign-in page.
    expect(unauthorized?.blocks).toEqual([
      { head: 'if ($gatehouse_token_client)', lines: ['return 401 \'{"detail":"Invalid token."}\';'], blocks: [] },
      { head: 'if ($gatehouse_redirect)', lines: ['return 302 $gatehouse_redirect;'], blocks: [] },
    ]);
  });

  it('blocks the Django admin, allauth logins and /api/token variants with a JSON 403, never proxying them', () => {
    const snippet = parse(file('gatehouse-paperless.conf', config));
    const blocked = snippet.blocks.filter((b) => b.head.startsWith('location ~*') || b.head === 'location = /api/token');
    expect(blocked.map((b) => b.head)).toEqual([
      'location ~* (admin/|/admin$)',
      'location ~* ^/api/auth/(headless|login)(/|$)',
      'location ~* ^/api/token/?$',
      'location ~* ^/api/profile/generate_auth_token(/|$)',
      'location = /api/token',
    ]);
    for (const b of blocked) {
      expect(b.lines).toEqual(['default_type application/json;', `return 403 '${PAPERLESS_BLOCKED_BODY}';`]);
    }
  });

  it('blocks exactly the intended paths (nginx matches the normalised URI; the regexes are PCRE-compatible JS)', () => {
    const all = locations(paperless());
    const regexes = all.filter((b) => b.head.startsWith('location ~* ')).map((b) => new RegExp(b.head.slice('location ~* '.length), 'i'));
    const exact = all.filter((b) => b.head.startsWith('location = '));
    const exactPath = (b: TBlock) => b.head.slice('location = '.length);
    // nginx: an exact location wins outright; else the first matching regex; else the prefix.
    const blocked = (path: string) => {
      const hit = exact.find((b) => exactPath(b) === path);
      if (hit) return hit.lines.some((l) => l.startsWith('return 403'));
      return regexes.some((r) => r.test(path));
    };
    for (const path of PAPERLESS_ALWAYS_BLOCKED_PATHS) expect(blocked(path), path).toBe(true);
    for (const path of [...PAPERLESS_NOT_BLOCKED_PATHS, ...PAPERLESS_PROBE_PATHS]) expect(blocked(path), path).toBe(false);
  });

  it('refuses raw paths with dot segments before any location (the normalised path is not what Paperless gets)', () => {
    const snippet = parse(file('gatehouse-paperless.conf', config));
    const check = snippet.blocks.find((b) => b.head.startsWith('if ($request_uri ~* '));
    expect(check?.lines).toEqual(['return 400;']);
    const pattern = new RegExp(/"(.*)"\)$/.exec(check!.head)![1]!, 'i');
    for (const raw of ['/admin/../documents/', '/admin/%2e%2E/x', '/a/./b', '/api/token/.', '/api/token/..?x=1', '/a%2F..%2Fadmin/']) {
      expect(pattern.test(raw), raw).toBe(true);
    }
    for (const raw of ['/documents/', '/.well-known/x', '/a..b/', '/file.txt', '/api/?q=/../', '/x/...']) expect(pattern.test(raw), raw).toBe(false);
  });

  it('passes the probes (GET/HEAD, exact paths) straight to Paperless, without any client credential', () => {
    const server = paperlessSite();
    for (const path of PAPERLESS_PROBE_PATHS) {
      const location = locationsOf(server, `location = ${path}`);
      expect(location.lines).toEqual(['include snippets/gatehouse-paperless-probe.conf;', 'proxy_pass http://gatehouse_app_paperless.example.com_443;']);
    }
    const probe = parse(file('gatehouse-paperless-probe.conf', config));
    expect(probe.lines.some((l) => l.startsWith('auth_request'))).toBe(false);
    expect(probe.blocks).toEqual([
      { head: 'if ($request_method !~ ^(GET|HEAD)$)', lines: [`return 403 '${PAPERLESS_BLOCKED_BODY}';`], blocks: [] },
      { head: 'if ($gatehouse_probe_exact = 0)', lines: ['return 400;'], blocks: [] },
    ]);
    // The location matched the normalised path; only the probe spelled exactly passes (raw URI).
    const map = parse(config.full).blocks.find((b) => b.head === 'map $request_uri $gatehouse_probe_exact');
    expect(map?.lines).toEqual(['default 0;', '"~^(/api/|/api/schema/view/|/api/token/)(\\?|$)" 1;']);
    const exact = new RegExp(/"~(.*)"/.exec(map!.lines[1]!)![1]!);
    for (const raw of ['/api/', '/api/?format=json', '/api/schema/view/', '/api/token/']) expect(exact.test(raw), raw).toBe(true);
    for (const raw of ['//api/', '/api/#frag', '/api/%74oken/', '/api/./', '/api/token/x', '/api//', '/x/api/']) expect(exact.test(raw), raw).toBe(false);
    const sets = headers(probe);
    for (const name of ['Authorization', 'Cookie', 'X-Paperless-Authorization', ...STRIPPED_REQUEST_HEADERS]) expect(sets.get(name), name).toBe('""');
  });

  it('strips client identity headers on every Paperless route that proxies; the others only answer', () => {
    const all = locations(paperless());
    expect(all.map((l) => l.head)).toEqual([
      'location @gatehouse_unauthorized',
      'location @gatehouse_forbidden',
      'location = /internal/gatehouse/verify',
      'location @gatehouse_paperless_unauthorized',
      'location ~* (admin/|/admin$)',
      'location ~* ^/api/auth/(headless|login)(/|$)',
      'location ~* ^/api/token/?$',
      'location ~* ^/api/profile/generate_auth_token(/|$)',
      'location = /api/token',
      'location = /api/',
      'location = /api/schema/view/',
      'location = /api/token/',
      'location /',
    ]);
    for (const location of all) {
      const proxies = location.lines.some((l) => l.startsWith('proxy_pass'));
      if (!proxies) {
        expect(location.lines.some((l) => l.startsWith('return ')) || location.blocks.length > 0, location.head).toBe(true);
        continue;
      }
      const sets = headers(location);
      for (const header of STRIPPED_REQUEST_HEADERS) {
        const value = sets.get(header);
        const fromGatehouse = header.startsWith('Remote-') && value === `$gatehouse_${header.slice(7).toLowerCase()}`;
        const isOriginal = header.startsWith('X-Original-') && location.head.includes('/internal/gatehouse/verify');
        if (!fromGatehouse && !isOriginal) expect(value, `${location.head}: ${header}`).toBe('""');
      }
      if (!location.head.includes('/internal/gatehouse/verify')) {
        expect(sets.get('X-Paperless-Authorization'), location.head).toBe('""');
        expect(['""', '$gatehouse_cookie']).toContain(sets.get('Cookie'));
        expect(['""', '$gatehouse_paperless_authorization']).toContain(sets.get('Authorization'));
      }
    }
  });

  it("leaves the verify request the client's Authorization (Gatehouse judges the device token there)", () => {
    const verify = locationsOf(paperless(), 'location = /internal/gatehouse/verify');
    expect(headers(verify).has('Authorization')).toBe(false);
  });

  it('leaves the other apps as they were', () => {
    const wiki = serverFor(config.full, 'wiki.example.com');
    expect(serverFor(nginxConfig(input).full, 'wiki.example.com')).toEqual(wiki);
    expect(locations(wiki).map((l) => l.head)).toEqual([
      'location @gatehouse_unauthorized',
      'location @gatehouse_forbidden',
      'location = /internal/gatehouse/verify',
      'location /',
    ]);
    expect(file('gatehouse-protect.conf', config)).toBe(file('gatehouse-protect.conf', nginxConfig(input)));
  });

  it('uses the snippets by path in the site file', () => {
    const site = serverFor(file('gatehouse.conf', config), 'paperless.example.com');
    expect(site.lines).toEqual(expect.arrayContaining(['include snippets/gatehouse-verify.conf;', 'include snippets/gatehouse-paperless.conf;']));
    expect(config.full).not.toContain('include snippets/');
  });
});
