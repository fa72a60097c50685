import ipaddr from 'ipaddr.js';
import { describe, expect, it, vi } from 'vitest';
import type { Secrets } from './secrets';
import { parseEnv, type Env } from '.';

const CWD = '/srv/gatehouse';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const fakeSecrets = (): Secrets => ({ encryptionKey: Buffer.alloc(32), signingKey: Buffer.alloc(32) });

function parse(vars: Record<string, string | undefined>, secrets: (dataDir: string, key: string | undefined) => Secrets = fakeSecrets) {
  return parseEnv(vars, { cwd: CWD, secrets });
}

function ok(vars: Record<string, string | undefined>): Env {
  const result = parse(vars);
  if (!result.ok) throw new Error(`expected a valid configuration, got:\n${result.problems.join('\n')}`);
  return result.env;
}

function problems(vars: Record<string, string | undefined>): string[] {
  const result = parse(vars);
  if (result.ok) throw new Error('expected configuration problems, got a valid configuration');
  return result.problems;
}

function trusts(env: Env, address: string): boolean {
  const ip = ipaddr.parse(address);
  return env.trustedProxies.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));
}

describe('parseEnv defaults', () => {
  const env = ok({});

  it('listens on port 9091 at 127.0.0.1 in production mode', () => {
    expect(env.port).toBe(9091);
    expect(env.listenHost).toBe('127.0.0.1');
    expect(env.nodeEnv).toBe('production');
    expect(env.appName).toBe('Gatehouse');
  });

  it('serves at http://localhost:9091', () => {
    expect(env.url).toBe('http://localhost:9091');
    expect(env.origin).toBe('http://localhost:9091');
    expect(env.allowHttp).toBe(false);
  });

  it('uses a host-only, non-Secure gatehouse_session cookie on http://localhost', () => {
    expect(env.cookie).toEqual({ name: 'gatehouse_session', domain: undefined, secure: false });
  });

  it('resolves the data directory against cwd', () => {
    expect(env.dataDir).toBe(`${CWD}/data`);
    expect(env.outboxDir).toBe(`${CWD}/data/outbox`);
  });

  it('uses a SQLite file in the data directory', () => {
    expect(env.database).toEqual({
      url: `file:${CWD}/data/gatehouse.db`,
      dialect: 'sqlite',
      sqlitePath: `${CWD}/data/gatehouse.db`,
    });
  });

  it('keeps sessions 7 days with a 12 hour idle timeout, and password links 2 days', () => {
    expect(env.session).toEqual({ maxAgeMs: 7 * DAY, idleTimeoutMs: 12 * HOUR });
    expect(env.passwordLinkTtlMs).toBe(2 * DAY);
  });

  it('trusts only loopback proxies', () => {
    expect(env.trustedProxies).toHaveLength(2);
    expect(trusts(env, '127.0.0.1')).toBe(true);
    expect(trusts(env, '127.255.0.9')).toBe(true);
    expect(trusts(env, '::1')).toBe(true);
    expect(trusts(env, '10.0.0.1')).toBe(false);
    expect(trusts(env, '192.168.1.1')).toBe(false);
    expect(trusts(env, '::2')).toBe(false);
  });

  it('has no SMTP and a localhost sender', () => {
    expect(env.smtp).toBeNull();
    expect(env.mailFrom).toBe('Gatehouse <gatehouse@localhost>');
  });

  it('passes through the secrets', () => {
    expect(env.secrets.encryptionKey).toEqual(Buffer.alloc(32));
    expect(env.secrets.signingKey).toEqual(Buffer.alloc(32));
  });
});

describe('parseEnv values', () => {
  it('derives the default URL from the port', () => {
    const env = ok({ GATEHOUSE_PORT: '8080' });
    expect(env.port).toBe(8080);
    expect(env.url).toBe('http://localhost:8080');
  });

  it('drops a trailing slash from the URL and keeps a path', () => {
    expect(ok({ GATEHOUSE_URL: 'https://auth.example.com/' }).url).toBe('https://auth.example.com');
    const env = ok({ GATEHOUSE_URL: 'https://example.com/sso/' });
    expect(env.url).toBe('https://example.com/sso');
    expect(env.origin).toBe('https://example.com');
  });

  it('marks the cookie Secure for an https URL', () => {
    const env = ok({ GATEHOUSE_URL: 'https://auth.example.com' });
    expect(env.cookie.secure).toBe(true);
    expect(env.mailFrom).toBe('Gatehouse <gatehouse@auth.example.com>');
  });

  it('marks the cookie Secure for https://localhost too', () => {
    expect(ok({ GATEHOUSE_URL: 'https://localhost:9091' }).cookie.secure).toBe(true);
  });

  it('uses the app name in the default sender', () => {
    expect(ok({ GATEHOUSE_APP_NAME: 'Acme SSO', GATEHOUSE_URL: 'https://sso.acme.test' }).mailFrom).toBe('Acme SSO <gatehouse@sso.acme.test>');
  });

  it('uses localhost as the sender domain for IP-address URLs', () => {
    expect(ok({ GATEHOUSE_URL: 'http://127.0.0.1:9091' }).mailFrom).toBe('Gatehouse <gatehouse@localhost>');
    expect(ok({ GATEHOUSE_URL: 'http://[::1]:9091' }).mailFrom).toBe('Gatehouse <gatehouse@localhost>');
  });

  it('keeps an absolute data directory and puts the default database there', () => {
    const env = ok({ GATEHOUSE_DATA_DIR: '/var/lib/gatehouse' });
    expect(env.dataDir).toBe('/var/lib/gatehouse');
    expect(env.database.sqlitePath).toBe('/var/lib/gatehouse/gatehouse.db');
  });

  it('resolves a relative data directory against cwd', () => {
    expect(ok({ GATEHOUSE_DATA_DIR: 'state' }).dataDir).toBe(`${CWD}/state`);
  });

  it('passes the data directory and GATEHOUSE_ENCRYPTION_KEY to the secrets loader', () => {
    const secrets = vi.fn(fakeSecrets);
    const result = parse({ GATEHOUSE_DATA_DIR: 'state', GATEHOUSE_ENCRYPTION_KEY: ' abc ' }, secrets);
    expect(result.ok).toBe(true);
    expect(secrets).toHaveBeenCalledOnce();
    expect(secrets).toHaveBeenCalledWith(`${CWD}/state`, 'abc');
  });

  it('does not load secrets when the configuration already has problems', () => {
    const secrets = vi.fn(fakeSecrets);
    const result = parse({ GATEHOUSE_URL: 'not a url' }, secrets);
    expect(result.ok).toBe(false);
    expect(secrets).not.toHaveBeenCalled();
  });

  it('reports the secrets loader error as a problem', () => {
    const result = parse({}, () => {
      throw new Error('/srv/gatehouse/data/secrets.json is not valid JSON: restore it from a backup');
    });
    expect(result).toEqual({
      ok: false,
      problems: ['/srv/gatehouse/data/secrets.json is not valid JSON: restore it from a backup'],
    });
  });

  it('reports a non-Error thrown by the secrets loader as a problem', () => {
    const result = parse({}, () => {
      throw 'disk on fire';
    });
    expect(result).toEqual({ ok: false, problems: ['disk on fire'] });
  });
});

describe('parseEnv blank values', () => {
  it('treats blank and whitespace-only values as unset', () => {
    const env = ok({
      GATEHOUSE_PORT: '',
      GATEHOUSE_URL: '   ',
      GATEHOUSE_COOKIE_DOMAIN: '',
      GATEHOUSE_SMTP_HOST: '',
      GATEHOUSE_SMTP_PORT: ' ',
      GATEHOUSE_SESSION_MAX_AGE: '',
      DATABASE_URL: '\t',
      GATEHOUSE_MAIL_FROM: '',
      GATEHOUSE_ALLOW_HTTP: undefined,
    });
    expect(env.port).toBe(9091);
    expect(env.url).toBe('http://localhost:9091');
    expect(env.cookie.domain).toBeUndefined();
    expect(env.smtp).toBeNull();
    expect(env.session.maxAgeMs).toBe(7 * DAY);
    expect(env.database.dialect).toBe('sqlite');
    expect(env.mailFrom).toBe('Gatehouse <gatehouse@localhost>');
  });

  it('trims values', () => {
    const env = ok({ GATEHOUSE_PORT: ' 8443 ', GATEHOUSE_URL: ' https://auth.example.com ', GATEHOUSE_ALLOW_HTTP: ' TRUE ' });
    expect(env.port).toBe(8443);
    expect(env.url).toBe('https://auth.example.com');
    expect(env.allowHttp).toBe(true);
  });
});

describe('parseEnv database', () => {
  it.each(['postgresql://gate:secret@db:5432/gatehouse', 'postgres://gate:secret@db.internal/gatehouse?sslmode=require'])('detects PostgreSQL in %s', (url) => {
    expect(ok({ DATABASE_URL: url }).database).toEqual({ url, dialect: 'postgresql', sqlitePath: undefined });
  });

  it('resolves a relative file: URL against cwd', () => {
    expect(ok({ DATABASE_URL: 'file:./db/gatehouse.db' }).database).toEqual({
      url: `file:${CWD}/db/gatehouse.db`,
      dialect: 'sqlite',
      sqlitePath: `${CWD}/db/gatehouse.db`,
    });
    expect(ok({ DATABASE_URL: 'file:gate.db' }).database.sqlitePath).toBe(`${CWD}/gate.db`);
  });

  it('keeps an absolute file: URL, with or without file://', () => {
    expect(ok({ DATABASE_URL: 'file:/var/lib/gate.db' }).database.sqlitePath).toBe('/var/lib/gate.db');
    expect(ok({ DATABASE_URL: 'file:///var/lib/gate.db' }).database).toEqual({
      url: 'file:/var/lib/gate.db',
      dialect: 'sqlite',
      sqlitePath: '/var/lib/gate.db',
    });
  });

  it.each(['file:', 'file:./gate.db?mode=ro', 'mysql://u:p@db/gatehouse', 'gatehouse.db', 'postgresql://db', 'postgresql:///gatehouse'])(
    'refuses DATABASE_URL=%s',
    (url) => {
      const found = problems({ DATABASE_URL: url });
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('DATABASE_URL');
    },
  );
});

describe('parseEnv URL and http', () => {
  it('requires https for a non-loopback host', () => {
    const found = problems({ GATEHOUSE_URL: 'http://auth.example.com' });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('GATEHOUSE_URL');
    expect(found[0]).toContain('https://');
    expect(found[0]).toContain('GATEHOUSE_ALLOW_HTTP');
  });

  it('does not treat localhost.evil.com as loopback', () => {
    expect(problems({ GATEHOUSE_URL: 'http://localhost.example.com' })[0]).toContain('https://');
  });

  it.each(['true', '1', 'yes', 'on', 'TRUE'])('allows http with GATEHOUSE_ALLOW_HTTP=%s, without a Secure cookie', (value) => {
    const env = ok({ GATEHOUSE_URL: 'http://auth.home.arpa', GATEHOUSE_ALLOW_HTTP: value });
    expect(env.allowHttp).toBe(true);
    expect(env.cookie.secure).toBe(false);
  });

  it.each(['false', '0', 'no', 'off'])('still requires https with GATEHOUSE_ALLOW_HTTP=%s', (value) => {
    expect(problems({ GATEHOUSE_URL: 'http://auth.home.arpa', GATEHOUSE_ALLOW_HTTP: value })[0]).toContain('https://');
  });

  it('refuses a GATEHOUSE_ALLOW_HTTP that is not a boolean', () => {
    expect(problems({ GATEHOUSE_ALLOW_HTTP: 'maybe' })).toEqual(['GATEHOUSE_ALLOW_HTTP must be true or false']);
  });

  it.each(['http://localhost:9091', 'http://127.0.0.1:9091', 'http://[::1]:9091', 'http://gatehouse.localhost', 'http://a.b.localhost:8080'])(
    'allows http on loopback host %s',
    (url) => {
      const env = ok({ GATEHOUSE_URL: url });
      expect(env.cookie.secure).toBe(false);
    },
  );

  it.each([
    ['not a url', 'absolute URL'],
    ['auth.example.com', 'absolute URL'],
    ['ftp://auth.example.com', 'https:// or http://'],
    ['https://user:pw@auth.example.com', 'credentials'],
    ['https://auth.example.com/?a=1', 'query'],
    ['https://auth.example.com/#top', 'fragment'],
  ])('refuses GATEHOUSE_URL=%s', (url, words) => {
    const found = problems({ GATEHOUSE_URL: url });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('GATEHOUSE_URL');
    expect(found[0]).toContain(words);
  });
});

describe('parseEnv cookie domain', () => {
  const url = 'https://auth.example.com';

  it('accepts a parent domain of the URL host', () => {
    expect(ok({ GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: 'example.com' }).cookie.domain).toBe('example.com');
  });

  it('accepts the URL host itself', () => {
    expect(ok({ GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: 'auth.example.com' }).cookie.domain).toBe('auth.example.com');
  });

  it('strips a leading dot and lowercases', () => {
    expect(ok({ GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: '.Example.COM' }).cookie.domain).toBe('example.com');
  });

  it.each(['other.com', 'ample.com', 'sub.auth.example.com', 'com.example'])('refuses %s, which is not a parent of the URL host', (domain) => {
    const found = problems({ GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: domain });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('GATEHOUSE_COOKIE_DOMAIN');
    expect(found[0]).toContain('auth.example.com');
  });

  it.each(['exa mple.com', 'example..com', 'example.com.', '-example.com', 'under_score.com', 'https://example.com', '*.example.com'])(
    'refuses the malformed domain %j',
    (domain) => {
      const found = problems({ GATEHOUSE_URL: url, GATEHOUSE_COOKIE_DOMAIN: domain });
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('GATEHOUSE_COOKIE_DOMAIN must be a domain name');
    },
  );

  it('refuses a cookie name with unsafe characters', () => {
    const found = problems({ GATEHOUSE_COOKIE_NAME: 'my session;' });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('GATEHOUSE_COOKIE_NAME');
  });

  it('accepts a custom cookie name', () => {
    expect(ok({ GATEHOUSE_COOKIE_NAME: '__Host-gh_sid' }).cookie.name).toBe('__Host-gh_sid');
  });
});

describe('parseEnv SMTP', () => {
  it('configures SMTP on port 587 with STARTTLS optional by default', () => {
    expect(ok({ GATEHOUSE_SMTP_HOST: 'smtp.example.com' }).smtp).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      requireTls: false,
      user: undefined,
      password: undefined,
      rejectUnauthorized: true,
    });
  });

  it('uses port 465 when secure', () => {
    expect(ok({ GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_SECURE: 'true' }).smtp).toMatchObject({ port: 465, secure: true });
  });

  it('is secure by default on port 465', () => {
    expect(ok({ GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_PORT: '465' }).smtp).toMatchObject({ port: 465, secure: true });
  });

  it('keeps an explicit port and flags', () => {
    const env = ok({
      GATEHOUSE_SMTP_HOST: 'smtp.example.com',
      GATEHOUSE_SMTP_PORT: '2525',
      GATEHOUSE_SMTP_SECURE: 'false',
      GATEHOUSE_SMTP_STARTTLS: 'true',
      GATEHOUSE_SMTP_TLS_VERIFY: 'false',
      GATEHOUSE_SMTP_USER: 'mailer',
      GATEHOUSE_SMTP_PASSWORD: 's3cret',
    });
    expect(env.smtp).toEqual({
      host: 'smtp.example.com',
      port: 2525,
      secure: false,
      requireTls: true,
      user: 'mailer',
      password: 's3cret',
      rejectUnauthorized: false,
    });
  });

  it('refuses a user without a password', () => {
    expect(problems({ GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_USER: 'mailer' })).toEqual([
      'GATEHOUSE_SMTP_USER and GATEHOUSE_SMTP_PASSWORD must be set together',
    ]);
  });

  it('refuses a password without a user', () => {
    expect(problems({ GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_PASSWORD: 'x' })).toEqual([
      'GATEHOUSE_SMTP_USER and GATEHOUSE_SMTP_PASSWORD must be set together',
    ]);
  });

  it.each([{ GATEHOUSE_SMTP_PORT: '25' }, { GATEHOUSE_SMTP_USER: 'mailer' }, { GATEHOUSE_SMTP_PASSWORD: 'x' }])(
    'refuses SMTP settings without a host: %o',
    (vars) => {
      const found = problems(vars);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('GATEHOUSE_SMTP_HOST');
    },
  );

  it('refuses a bad SMTP port', () => {
    const found = problems({ GATEHOUSE_SMTP_HOST: 'smtp.example.com', GATEHOUSE_SMTP_PORT: '70000' });
    expect(found).toEqual(['GATEHOUSE_SMTP_PORT must be between 1 and 65535']);
  });
});

describe('parseEnv mail sender', () => {
  it.each(['Ops <ops@example.com>', 'ops@example.com', '"Gate, House" <sso@example.com>', '<sso@example.com>'])('accepts %j', (from) => {
    expect(ok({ GATEHOUSE_MAIL_FROM: from }).mailFrom).toBe(from);
  });

  it.each([
    'not an address',
    'ops',
    'ops@',
    'Ops <ops@example.com',
    'Ops <ops@example.com> trailing',
    'Ops <ops @example.com>',
    'Evil\r\nBcc: victim@example.com <ops@example.com>',
    'ops@example.com\nBcc: victim@example.com',
  ])('refuses %j', (from) => {
    const found = problems({ GATEHOUSE_MAIL_FROM: from });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('GATEHOUSE_MAIL_FROM');
  });
});

describe('parseEnv sessions', () => {
  it('accepts custom durations', () => {
    const env = ok({ GATEHOUSE_SESSION_MAX_AGE: '30d', GATEHOUSE_SESSION_IDLE_TIMEOUT: '1h30m', GATEHOUSE_PASSWORD_LINK_TTL: '3600' });
    expect(env.session).toEqual({ maxAgeMs: 30 * DAY, idleTimeoutMs: 1.5 * HOUR });
    expect(env.passwordLinkTtlMs).toBe(HOUR);
  });

  it('accepts an idle timeout equal to the max age', () => {
    expect(ok({ GATEHOUSE_SESSION_MAX_AGE: '2h', GATEHOUSE_SESSION_IDLE_TIMEOUT: '2h' }).session).toEqual({
      maxAgeMs: 2 * HOUR,
      idleTimeoutMs: 2 * HOUR,
    });
  });

  it('refuses an idle timeout longer than the max age', () => {
    expect(problems({ GATEHOUSE_SESSION_MAX_AGE: '1h', GATEHOUSE_SESSION_IDLE_TIMEOUT: '2h' })).toEqual([
      'GATEHOUSE_SESSION_IDLE_TIMEOUT must not be longer than GATEHOUSE_SESSION_MAX_AGE',
    ]);
  });

  it('refuses a default idle timeout (12h) longer than a short max age', () => {
    expect(problems({ GATEHOUSE_SESSION_MAX_AGE: '1h' })[0]).toContain('GATEHOUSE_SESSION_IDLE_TIMEOUT');
  });

  it('refuses a duration that is not one', () => {
    expect(problems({ GATEHOUSE_SESSION_MAX_AGE: 'forever' })).toEqual(['GATEHOUSE_SESSION_MAX_AGE must be a duration such as 30m, 12h or 7d (got "forever")']);
  });

  it('refuses durations out of range, saying the range', () => {
    expect(problems({ GATEHOUSE_SESSION_IDLE_TIMEOUT: '1m' })).toEqual([
      'GATEHOUSE_SESSION_IDLE_TIMEOUT must be between 5 minutes and 400 days (got 1 minute)',
    ]);
    expect(problems({ GATEHOUSE_PASSWORD_LINK_TTL: '31d' })).toEqual(['GATEHOUSE_PASSWORD_LINK_TTL must be between 5 minutes and 30 days (got 31 days)']);
  });
});

describe('parseEnv sudo mode', () => {
  it('asks for a proof within the last 10 minutes by default', () => {
    expect(ok({}).assurance).toEqual({ sudoTtlMs: 10 * 60_000 });
  });

  it('accepts another duration', () => {
    expect(ok({ GATEHOUSE_SUDO_TTL: '30m' }).assurance.sudoTtlMs).toBe(30 * 60_000);
    expect(ok({ GATEHOUSE_SUDO_TTL: '90' }).assurance.sudoTtlMs).toBe(90_000);
  });

  it('refuses a duration out of range or not a duration, naming the variable', () => {
    expect(problems({ GATEHOUSE_SUDO_TTL: '30s' })).toEqual(['GATEHOUSE_SUDO_TTL must be between 1 minute and 12 hours (got 30 seconds)']);
    expect(problems({ GATEHOUSE_SUDO_TTL: '2d' })).toEqual(['GATEHOUSE_SUDO_TTL must be between 1 minute and 12 hours (got 2 days)']);
    expect(problems({ GATEHOUSE_SUDO_TTL: 'soon' })).toEqual(['GATEHOUSE_SUDO_TTL must be a duration such as 30m, 12h or 7d (got "soon")']);
  });
});

describe('parseEnv trusted proxies', () => {
  it('reads addresses and CIDR ranges', () => {
    const env = ok({ GATEHOUSE_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.1 ,fd00::/8,::1' });
    expect(env.trustedProxies).toHaveLength(4);
    expect(env.trustedProxies[1]![1]).toBe(32);
    expect(env.trustedProxies[3]![1]).toBe(128);
    expect(trusts(env, '10.20.30.40')).toBe(true);
    expect(trusts(env, '192.168.1.1')).toBe(true);
    expect(trusts(env, '192.168.1.2')).toBe(false);
    expect(trusts(env, 'fd12::1')).toBe(true);
    expect(trusts(env, '127.0.0.1')).toBe(false);
  });

  it('names each invalid entry', () => {
    const found = problems({ GATEHOUSE_TRUSTED_PROXIES: '10.0.0.0/8, nonsense, 10.0.0.0/33, 300.1.1.1' });
    expect(found).toEqual([
      'GATEHOUSE_TRUSTED_PROXIES: "nonsense" is not an IP address or CIDR range',
      'GATEHOUSE_TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR range',
      'GATEHOUSE_TRUSTED_PROXIES: "300.1.1.1" is not an IP address or CIDR range',
    ]);
  });
});

describe('parseEnv reports every problem at once', () => {
  it('lists every malformed variable, each naming it', () => {
    const found = problems({
      NODE_ENV: 'staging',
      GATEHOUSE_PORT: 'abc',
      GATEHOUSE_SESSION_MAX_AGE: 'forever',
      GATEHOUSE_COOKIE_NAME: 'bad name',
      GATEHOUSE_SMTP_SECURE: 'perhaps',
    });
    expect(found).toHaveLength(5);
    for (const name of ['NODE_ENV', 'GATEHOUSE_PORT', 'GATEHOUSE_SESSION_MAX_AGE', 'GATEHOUSE_COOKIE_NAME', 'GATEHOUSE_SMTP_SECURE']) {
      expect(found.filter((p) => p.includes(name))).toHaveLength(1);
    }
  });

  it('lists every inconsistent setting, each naming its variable', () => {
    const found = problems({
      GATEHOUSE_URL: 'http://auth.example.com',
      GATEHOUSE_COOKIE_DOMAIN: 'other.org',
      DATABASE_URL: 'mysql://db/gatehouse',
      GATEHOUSE_TRUSTED_PROXIES: 'nope',
      GATEHOUSE_SMTP_USER: 'mailer',
      GATEHOUSE_MAIL_FROM: 'nobody',
    });
    expect(found).toHaveLength(6);
    for (const name of [
      'GATEHOUSE_URL',
      'GATEHOUSE_COOKIE_DOMAIN',
      'DATABASE_URL',
      'GATEHOUSE_TRUSTED_PROXIES',
      'GATEHOUSE_SMTP_HOST',
      'GATEHOUSE_MAIL_FROM',
    ]) {
      expect(found.some((p) => p.includes(name))).toBe(true);
    }
  });

  it('lists a bad port, a bad duration, a bad URL and a bad cookie domain together', () => {
    const found = problems({
      GATEHOUSE_PORT: '99999',
      GATEHOUSE_SESSION_MAX_AGE: '7x',
      GATEHOUSE_URL: 'not a url',
      GATEHOUSE_COOKIE_DOMAIN: 'bad_domain!',
    });
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const name of ['GATEHOUSE_PORT', 'GATEHOUSE_SESSION_MAX_AGE', 'GATEHOUSE_URL', 'GATEHOUSE_COOKIE_DOMAIN']) {
      expect(
        found.some((p) => p.includes(name)),
        `a problem naming ${name} in:\n${found.join('\n')}`,
      ).toBe(true);
    }
  });

  it.each([
    ['0', 'GATEHOUSE_PORT must be between 1 and 65535'],
    ['65536', 'GATEHOUSE_PORT must be between 1 and 65535'],
    ['-1', 'GATEHOUSE_PORT must be a port number'],
    ['80.5', 'GATEHOUSE_PORT must be a port number'],
    ['123456', 'GATEHOUSE_PORT must be a port number'],
  ])('refuses GATEHOUSE_PORT=%s', (value, message) => {
    expect(problems({ GATEHOUSE_PORT: value })).toEqual([message]);
  });
});

describe('Paperless configuration', () => {
  const TOKEN = 'a'.repeat(40);
  const all = {
    GATEHOUSE_PAPERLESS_URL: 'http://paperless:8000/',
    GATEHOUSE_PAPERLESS_PUBLIC_URL: 'https://paperless.example.com',
    GATEHOUSE_PAPERLESS_ADMIN_TOKEN: TOKEN,
  };

  it('is off by default (the admin connects Paperless in the UI)', () => {
    expect(ok({}).paperless).toBeNull();
  });

  it('reads the three together, normalising the URLs', () => {
    expect(ok(all).paperless).toEqual({
      internalUrl: 'http://paperless:8000',
      publicUrl: 'https://paperless.example.com',
      adminToken: TOKEN,
      tokenSource: 'password',
      remoteUserUrl: null,
    });
  });

  it('names what is missing when only some are set', () => {
    expect(problems({ GATEHOUSE_PAPERLESS_URL: 'http://paperless:8000' }).join('\n')).toMatch(
      /missing GATEHOUSE_PAPERLESS_PUBLIC_URL, GATEHOUSE_PAPERLESS_ADMIN_TOKEN/,
    );
  });

  it('refuses URLs with credentials, a query or another scheme', () => {
    expect(problems({ ...all, GATEHOUSE_PAPERLESS_URL: 'http://u:p@paperless:8000' }).join('\n')).toMatch(/GATEHOUSE_PAPERLESS_URL must be an http\(s\) URL/);
    expect(problems({ ...all, GATEHOUSE_PAPERLESS_PUBLIC_URL: 'ftp://paperless' }).join('\n')).toMatch(/GATEHOUSE_PAPERLESS_PUBLIC_URL/);
    expect(problems({ ...all, GATEHOUSE_PAPERLESS_PUBLIC_URL: 'https://paperless.example.com/?x=1' }).join('\n')).toMatch(/GATEHOUSE_PAPERLESS_PUBLIC_URL/);
  });

  it('needs the listener address for the remote_user token source, and a known source', () => {
    expect(problems({ ...all, GATEHOUSE_PAPERLESS_TOKEN_SOURCE: 'remote_user' }).join('\n')).toMatch(/needs GATEHOUSE_PAPERLESS_REMOTE_USER_URL/);
    expect(
      ok({ ...all, GATEHOUSE_PAPERLESS_TOKEN_SOURCE: 'remote_user', GATEHOUSE_PAPERLESS_REMOTE_USER_URL: 'http://paperless-internal:8001' }).paperless,
    ).toMatchObject({ tokenSource: 'remote_user', remoteUserUrl: 'http://paperless-internal:8001' });
    expect(problems({ ...all, GATEHOUSE_PAPERLESS_TOKEN_SOURCE: 'basic' }).join('\n')).toMatch(/password or remote_user/);
    expect(problems({ GATEHOUSE_PAPERLESS_REMOTE_USER_URL: 'http://x' }).join('\n')).toMatch(/needs GATEHOUSE_PAPERLESS_URL/);
  });
});

describe('regulation settings', () => {
  it('bans for 10 minutes after 5 failures within 2 minutes by default', () => {
    expect(ok({}).regulation).toEqual({ maxFailures: 5, windowMs: 2 * 60_000, banMs: 10 * 60_000 });
  });

  it('reads the three variables', () => {
    expect(ok({ GATEHOUSE_REGULATION_MAX_FAILURES: ' 10 ', GATEHOUSE_REGULATION_WINDOW: '5m', GATEHOUSE_REGULATION_BAN: '1h30m' }).regulation).toEqual({
      maxFailures: 10,
      windowMs: 5 * 60_000,
      banMs: 90 * 60_000,
    });
    expect(ok({ GATEHOUSE_REGULATION_MAX_FAILURES: '1', GATEHOUSE_REGULATION_WINDOW: '90', GATEHOUSE_REGULATION_BAN: '30s' }).regulation).toEqual({
      maxFailures: 1,
      windowMs: 90_000,
      banMs: 30_000,
    });
    expect(ok({ GATEHOUSE_REGULATION_MAX_FAILURES: '100' }).regulation.maxFailures).toBe(100);
  });

  it.each(['0', '101', '-1', '2.5', 'five'])('refuses GATEHOUSE_REGULATION_MAX_FAILURES=%j', (value) => {
    expect(problems({ GATEHOUSE_REGULATION_MAX_FAILURES: value }).join('\n')).toMatch(/GATEHOUSE_REGULATION_MAX_FAILURES must be/);
  });

  it('refuses a window or ban that is not a duration or out of range, naming the variable', () => {
    expect(problems({ GATEHOUSE_REGULATION_WINDOW: 'soon' }).join('\n')).toMatch(/GATEHOUSE_REGULATION_WINDOW must be a duration/);
    expect(problems({ GATEHOUSE_REGULATION_WINDOW: '5s' }).join('\n')).toMatch(/GATEHOUSE_REGULATION_WINDOW must be between 10 seconds and 1 day/);
    expect(problems({ GATEHOUSE_REGULATION_WINDOW: '2d' }).join('\n')).toMatch(/GATEHOUSE_REGULATION_WINDOW must be between/);
    expect(problems({ GATEHOUSE_REGULATION_BAN: '10' }).join('\n')).toMatch(/GATEHOUSE_REGULATION_BAN must be between 30 seconds and 30 days/);
    expect(problems({ GATEHOUSE_REGULATION_BAN: '31d' }).join('\n')).toMatch(/GATEHOUSE_REGULATION_BAN must be between/);
  });

  it('reports all three problems at once', () => {
    const all = problems({ GATEHOUSE_REGULATION_MAX_FAILURES: '0', GATEHOUSE_REGULATION_WINDOW: 'x', GATEHOUSE_REGULATION_BAN: 'y' }).join('\n');
    expect(all).toMatch(/GATEHOUSE_REGULATION_MAX_FAILURES/);
    expect(all).toMatch(/GATEHOUSE_REGULATION_WINDOW/);
    expect(all).toMatch(/GATEHOUSE_REGULATION_BAN/);
  });
});
