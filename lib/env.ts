/**
 * Gatehouse configuration: environment variables (plus an optional `gatehouse.env` or `.env`
 * file) parsed once with zod. This is the only module that reads `process.env`.
 *
 * Every problem is collected and reported together, so a bad deployment fails at start with
 * one readable message instead of one error per restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnv as parseDotenv } from 'node:util';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration';
import { loadSecrets, type Secrets } from './env-secrets';
import { parseSignupConfig, type SignupConfig } from './signup/signup-config';
import { isLoopbackHost } from './http/loopback';
import type { RegulationPolicy } from './regulation/regulation';

export type Dialect = 'sqlite' | 'postgresql';

export type Env = {
  nodeEnv: 'production' | 'development' | 'test';
  appName: string;
  /** Public URL of the portal, without a trailing slash. */
  url: string;
  origin: string;
  listenHost: string;
  port: number;
  cookie: { name: string; domain: string | undefined; secure: boolean };
  allowHttp: boolean;
  dataDir: string;
  outboxDir: string;
  database: { url: string; dialect: Dialect; sqlitePath: string | undefined };
  session: { maxAgeMs: number; idleTimeoutMs: number };
  passwordLinkTtlMs: number;
  /** Extra domains (besides the cookie domain) a return URL may point at. */
  redirectDomains: string[];
  secondFactor: {
    /** How long an emailed device link (add or remove a second factor) works. */
    deviceLinkTtlMs: number;
    totpIssuer: string;
    /** WebAuthn relying party: the portal's host or a parent domain of it. */
    rpId: string;
    rpName: string;
  };
  /** The portal's own assurance model (lib/auth/assurance.ts). */
  assurance: {
    /** Sudo mode: how recently a second factor (or, for a user with none, the password) must have been proven for the most dangerous actions. */
    sudoTtlMs: number;
  };
  verify: {
    /** How long the verify endpoint trusts a cached session before asking the database again. */
    cacheTtlMs: number;
    /** Add a short X-Gatehouse-Reason header to non-200 verify answers. */
    debugHeaders: boolean;
  };
  smtp: SmtpConfig | null;
  /** Paperless-ngx connection fixed by configuration (else the admin sets it in the UI). */
  paperless: PaperlessConfig | null;
  /** Sign-in providers, email links and who may sign up (lib/signup/signup-config.ts). */
  signup: SignupConfig & { emailLinkTtlMs: number; invitationTtlMs: number };
  mailFrom: string;
  /** Peers whose X-Forwarded-For / X-Real-IP are believed. */
  trustedProxies: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Brute-force regulation of every credential check: `maxFailures` within `windowMs` ban the user, and separately the address, for `banMs`. */
  regulation: RegulationPolicy;
  secrets: Secrets;
};

export type PaperlessConfig = {
  internalUrl: string;
  publicUrl: string;
  adminToken: string;
  tokenSource: 'password' | 'remote_user';
  remoteUserUrl: string | null;
};

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user: string | undefined;
  password: string | undefined;
  rejectUnauthorized: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Gatehouse cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee the "Configuration" section of README.md for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}

const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), {
      message: `${name} must be true or false`,
    })
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const duration = (name: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a duration such as 30m, 12h or 7d (got "${text}")` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be between ${formatDuration(min)} and ${formatDuration(max)} (got ${formatDuration(ms)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

const port = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${name} must be a port number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, `${name} must be between 1 and 65535`);

const count = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ZRawEnv = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  GATEHOUSE_APP_NAME: z.string().trim().min(1).max(60).default('Gatehouse'),
  GATEHOUSE_PORT: port('GATEHOUSE_PORT').default(9091),
  GATEHOUSE_LISTEN: z.string().trim().min(1).default('127.0.0.1'),
  GATEHOUSE_URL: z.string().trim().optional(),
  GATEHOUSE_COOKIE_DOMAIN: z.string().trim().optional(),
  GATEHOUSE_COOKIE_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'GATEHOUSE_COOKIE_NAME may contain only letters, digits, _ and -')
    .default('gatehouse_session'),
  GATEHOUSE_ALLOW_HTTP: bool('GATEHOUSE_ALLOW_HTTP').default(false),
  GATEHOUSE_DATA_DIR: z.string().trim().min(1).default('data'),
  DATABASE_URL: z.string().trim().optional(),
  GATEHOUSE_SESSION_MAX_AGE: duration('GATEHOUSE_SESSION_MAX_AGE', 5 * 60_000, 400 * DAY).default(7 * DAY),
  GATEHOUSE_SESSION_IDLE_TIMEOUT: duration('GATEHOUSE_SESSION_IDLE_TIMEOUT', 5 * 60_000, 400 * DAY).default(12 * HOUR),
  GATEHOUSE_PASSWORD_LINK_TTL: duration('GATEHOUSE_PASSWORD_LINK_TTL', 5 * 60_000, 30 * DAY).default(2 * DAY),
  GATEHOUSE_TRUSTED_PROXIES: z.string().default('127.0.0.0/8,::1/128'),
  GATEHOUSE_REDIRECT_DOMAINS: z.string().default(''),
  GATEHOUSE_DEVICE_LINK_TTL: duration('GATEHOUSE_DEVICE_LINK_TTL', 60_000, 60 * 60_000).default(5 * 60_000),
  GATEHOUSE_SUDO_TTL: duration('GATEHOUSE_SUDO_TTL', 60_000, 12 * HOUR).default(10 * 60_000),
  GATEHOUSE_TOTP_ISSUER: z.string().trim().min(1).max(60).regex(/^[^:]+$/, 'GATEHOUSE_TOTP_ISSUER must not contain ":"').optional(),
  GATEHOUSE_WEBAUTHN_RP_ID: z.string().trim().toLowerCase().optional(),
  GATEHOUSE_WEBAUTHN_RP_NAME: z.string().trim().min(1).max(60).optional(),
  GATEHOUSE_VERIFY_CACHE_TTL: duration('GATEHOUSE_VERIFY_CACHE_TTL', 0, 5 * 60_000).default(10_000),
  GATEHOUSE_VERIFY_DEBUG_HEADERS: bool('GATEHOUSE_VERIFY_DEBUG_HEADERS').default(false),
  GATEHOUSE_SMTP_HOST: z.string().trim().optional(),
  GATEHOUSE_SMTP_PORT: port('GATEHOUSE_SMTP_PORT').optional(),
  GATEHOUSE_SMTP_SECURE: bool('GATEHOUSE_SMTP_SECURE').optional(),
  GATEHOUSE_SMTP_STARTTLS: bool('GATEHOUSE_SMTP_STARTTLS').default(false),
  GATEHOUSE_SMTP_USER: z.string().optional(),
  GATEHOUSE_SMTP_PASSWORD: z.string().optional(),
  GATEHOUSE_SMTP_TLS_VERIFY: bool('GATEHOUSE_SMTP_TLS_VERIFY').default(true),
  GATEHOUSE_MAIL_FROM: z.string().trim().optional(),
  GATEHOUSE_ENCRYPTION_KEY: z.string().trim().optional(),
  GATEHOUSE_EMAIL_LINK_TTL: duration('GATEHOUSE_EMAIL_LINK_TTL', 60_000, 60 * 60_000).default(10 * 60_000),
  GATEHOUSE_INVITATION_TTL: duration('GATEHOUSE_INVITATION_TTL', 60 * 60_000, 90 * DAY).default(7 * DAY),
  GATEHOUSE_PAPERLESS_URL: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_PUBLIC_URL: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_ADMIN_TOKEN: z.string().trim().optional(),
  GATEHOUSE_PAPERLESS_TOKEN_SOURCE: z.enum(['password', 'remote_user'], { message: 'GATEHOUSE_PAPERLESS_TOKEN_SOURCE must be password or remote_user' }).default('password'),
  GATEHOUSE_PAPERLESS_REMOTE_USER_URL: z.string().trim().optional(),
  GATEHOUSE_REGULATION_MAX_FAILURES: count('GATEHOUSE_REGULATION_MAX_FAILURES', 1, 100).default(5),
  GATEHOUSE_REGULATION_WINDOW: duration('GATEHOUSE_REGULATION_WINDOW', 10_000, DAY).default(2 * 60_000),
  GATEHOUSE_REGULATION_BAN: duration('GATEHOUSE_REGULATION_BAN', 30_000, 30 * DAY).default(10 * 60_000),
});

export { isLoopbackHost };

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Blank values count as unset, so `GATEHOUSE_SMTP_HOST=` in an env file means "no SMTP". */
function withoutBlanks(vars: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

/**
 * Parses configuration variables. Pure apart from reading nothing: secrets are passed in.
 * Returns every problem at once.
 */
export function parseEnv(
  vars: Record<string, string | undefined>,
  options: { cwd: string; secrets?: (dataDir: string, envKey: string | undefined) => Secrets },
): { ok: true; env: Env } | { ok: false; problems: string[] } {
  const input = withoutBlanks(vars);
  const problems: string[] = [];
  const invalid = new Set<string>();
  let parsed = ZRawEnv.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      invalid.add(key);
      problems.push(issue.message.includes(key) || !key ? issue.message : `${key}: ${issue.message}`);
    }
    // Carry on with defaults in place of the invalid values, so the checks below still run
    // and every problem is reported in one go.
    parsed = ZRawEnv.safeParse(Object.fromEntries(Object.entries(input).filter(([key]) => !invalid.has(key))));
    if (!parsed.success) return { ok: false, problems };
  }
  const raw = parsed.data;

  const url = invalid.has('GATEHOUSE_PORT') && !raw.GATEHOUSE_URL ? null : parseUrl(raw.GATEHOUSE_URL ?? `http://localhost:${raw.GATEHOUSE_PORT}`, problems);
  const loopback = url ? isLoopbackHost(url.hostname) : true;
  if (url && url.protocol === 'http:' && !loopback && !raw.GATEHOUSE_ALLOW_HTTP) {
    problems.push(
      `GATEHOUSE_URL must use https:// for a host other than localhost (got ${url.origin}); ` +
        'session cookies are marked Secure. Set GATEHOUSE_ALLOW_HTTP=true only on a trusted network.',
    );
  }

  const cookieDomain = raw.GATEHOUSE_COOKIE_DOMAIN?.replace(/^\./, '').toLowerCase();
  if (cookieDomain !== undefined && !invalid.has('GATEHOUSE_COOKIE_DOMAIN')) {
    if (!DOMAIN_PATTERN.test(cookieDomain)) {
      problems.push(`GATEHOUSE_COOKIE_DOMAIN must be a domain name such as example.com (got "${raw.GATEHOUSE_COOKIE_DOMAIN}")`);
    } else if (url && url.hostname !== cookieDomain && !url.hostname.endsWith(`.${cookieDomain}`)) {
      problems.push(
        `GATEHOUSE_COOKIE_DOMAIN (${cookieDomain}) must be the host of GATEHOUSE_URL (${url.hostname}) or a parent domain of it`,
      );
    }
  }

  const dataDir = isAbsolute(raw.GATEHOUSE_DATA_DIR) ? raw.GATEHOUSE_DATA_DIR : resolve(options.cwd, raw.GATEHOUSE_DATA_DIR);
  const database = parseDatabaseUrl(raw.DATABASE_URL ?? `file:${resolve(dataDir, 'gatehouse.db')}`, options.cwd, problems);
  const trustedProxies = parseCidrs(raw.GATEHOUSE_TRUSTED_PROXIES, problems);
  const redirectDomains = raw.GATEHOUSE_REDIRECT_DOMAINS.split(',').map((d) => d.trim().replace(/^\./, '').toLowerCase()).filter(Boolean);
  for (const domain of redirectDomains) {
    if (!DOMAIN_PATTERN.test(domain)) problems.push(`GATEHOUSE_REDIRECT_DOMAINS: "${domain}" is not a domain name`);
  }

  let smtp: SmtpConfig | null = null;
  if (raw.GATEHOUSE_SMTP_HOST) {
    const smtpPort = raw.GATEHOUSE_SMTP_PORT ?? (raw.GATEHOUSE_SMTP_SECURE ? 465 : 587);
    smtp = {
      host: raw.GATEHOUSE_SMTP_HOST,
      port: smtpPort,
      secure: raw.GATEHOUSE_SMTP_SECURE ?? smtpPort === 465,
      requireTls: raw.GATEHOUSE_SMTP_STARTTLS,
      user: raw.GATEHOUSE_SMTP_USER,
      password: raw.GATEHOUSE_SMTP_PASSWORD,
      rejectUnauthorized: raw.GATEHOUSE_SMTP_TLS_VERIFY,
    };
    if (Boolean(raw.GATEHOUSE_SMTP_USER) !== Boolean(raw.GATEHOUSE_SMTP_PASSWORD)) {
      problems.push('GATEHOUSE_SMTP_USER and GATEHOUSE_SMTP_PASSWORD must be set together');
    }
  } else if (raw.GATEHOUSE_SMTP_PORT || raw.GATEHOUSE_SMTP_USER || raw.GATEHOUSE_SMTP_PASSWORD) {
    problems.push('GATEHOUSE_SMTP_PORT/USER/PASSWORD are set but GATEHOUSE_SMTP_HOST is not: set the host or remove them');
  }

  // Passkeys registered for the cookie domain work on every portal host under it.
  const cookieDomainUsable = cookieDomain !== undefined && url !== null && (url.hostname === cookieDomain || url.hostname.endsWith(`.${cookieDomain}`));
  const rpId = raw.GATEHOUSE_WEBAUTHN_RP_ID ?? (cookieDomainUsable ? cookieDomain : (url?.hostname ?? 'localhost'));
  if (url && url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
    problems.push(`GATEHOUSE_WEBAUTHN_RP_ID (${rpId}) must be the host of GATEHOUSE_URL (${url.hostname}) or a parent domain of it`);
  }

  const mailFrom = raw.GATEHOUSE_MAIL_FROM ?? `${raw.GATEHOUSE_APP_NAME} <gatehouse@${url ? mailDomain(url.hostname) : 'localhost'}>`;
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) {
    problems.push(`GATEHOUSE_MAIL_FROM must be an address such as "Gatehouse <sso@example.com>" (got "${mailFrom}")`);
  }

  if (!invalid.has('GATEHOUSE_SESSION_IDLE_TIMEOUT') && !invalid.has('GATEHOUSE_SESSION_MAX_AGE') && raw.GATEHOUSE_SESSION_IDLE_TIMEOUT > raw.GATEHOUSE_SESSION_MAX_AGE) {
    problems.push('GATEHOUSE_SESSION_IDLE_TIMEOUT must not be longer than GATEHOUSE_SESSION_MAX_AGE');
  }

  const paperless = paperlessConfig(raw, problems);
  const signup = parseSignupConfig(input);
  problems.push(...signup.problems);

  let secrets: Secrets | undefined;
  if (problems.length === 0) {
    try {
      secrets = (options.secrets ?? loadSecrets)(dataDir, raw.GATEHOUSE_ENCRYPTION_KEY);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0 || !url || !database || !secrets) return { ok: false, problems };

  const origin = url.origin;
  return {
    ok: true,
    env: {
      nodeEnv: raw.NODE_ENV,
      appName: raw.GATEHOUSE_APP_NAME,
      url: origin + url.pathname.replace(/\/+$/, ''),
      origin,
      listenHost: raw.GATEHOUSE_LISTEN,
      port: raw.GATEHOUSE_PORT,
      cookie: {
        name: raw.GATEHOUSE_COOKIE_NAME,
        domain: cookieDomain,
        secure: !(url.protocol === 'http:' && (loopback || raw.GATEHOUSE_ALLOW_HTTP)),
      },
      allowHttp: raw.GATEHOUSE_ALLOW_HTTP,
      dataDir,
      outboxDir: resolve(dataDir, 'outbox'),
      database,
      session: { maxAgeMs: raw.GATEHOUSE_SESSION_MAX_AGE, idleTimeoutMs: raw.GATEHOUSE_SESSION_IDLE_TIMEOUT },
      passwordLinkTtlMs: raw.GATEHOUSE_PASSWORD_LINK_TTL,
      redirectDomains,
      secondFactor: {
        deviceLinkTtlMs: raw.GATEHOUSE_DEVICE_LINK_TTL,
        totpIssuer: raw.GATEHOUSE_TOTP_ISSUER ?? raw.GATEHOUSE_APP_NAME.replace(/:/g, ''),
        rpId,
        rpName: raw.GATEHOUSE_WEBAUTHN_RP_NAME ?? raw.GATEHOUSE_APP_NAME,
      },
      assurance: { sudoTtlMs: raw.GATEHOUSE_SUDO_TTL },
      verify: { cacheTtlMs: raw.GATEHOUSE_VERIFY_CACHE_TTL, debugHeaders: raw.GATEHOUSE_VERIFY_DEBUG_HEADERS },
      smtp,
      paperless,
      signup: { ...signup.config, emailLinkTtlMs: raw.GATEHOUSE_EMAIL_LINK_TTL, invitationTtlMs: raw.GATEHOUSE_INVITATION_TTL },
      mailFrom,
      trustedProxies,
      regulation: { maxFailures: raw.GATEHOUSE_REGULATION_MAX_FAILURES, windowMs: raw.GATEHOUSE_REGULATION_WINDOW, banMs: raw.GATEHOUSE_REGULATION_BAN },
      secrets,
    },
  };
}

const PAPERLESS_VARS = ['GATEHOUSE_PAPERLESS_URL', 'GATEHOUSE_PAPERLESS_PUBLIC_URL', 'GATEHOUSE_PAPERLESS_ADMIN_TOKEN'] as const;

/** All three of URL, public URL and admin token, or none (then the admin connects in the UI). */
function paperlessConfig(raw: z.infer<typeof ZRawEnv>, problems: string[]): PaperlessConfig | null {
  const given = PAPERLESS_VARS.filter((name) => raw[name] !== undefined);
  if (given.length === 0) {
    if (raw.GATEHOUSE_PAPERLESS_REMOTE_USER_URL) problems.push('GATEHOUSE_PAPERLESS_REMOTE_USER_URL needs GATEHOUSE_PAPERLESS_URL, GATEHOUSE_PAPERLESS_PUBLIC_URL and GATEHOUSE_PAPERLESS_ADMIN_TOKEN');
    return null;
  }
  if (given.length < PAPERLESS_VARS.length) {
    problems.push(`Paperless: set ${PAPERLESS_VARS.join(', ')} together (missing ${PAPERLESS_VARS.filter((n) => !given.includes(n)).join(', ')})`);
    return null;
  }
  const urls: Record<string, string> = {};
  for (const name of ['GATEHOUSE_PAPERLESS_URL', 'GATEHOUSE_PAPERLESS_PUBLIC_URL', 'GATEHOUSE_PAPERLESS_REMOTE_USER_URL'] as const) {
    const value = raw[name];
    if (value === undefined) continue;
    const parsed = URL.canParse(value) ? new URL(value) : null;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password || parsed.search || parsed.hash) {
      problems.push(`${name} must be an http(s) URL without credentials, query or fragment (got "${value}")`);
      continue;
    }
    urls[name] = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  }
  if (raw.GATEHOUSE_PAPERLESS_TOKEN_SOURCE === 'remote_user' && !raw.GATEHOUSE_PAPERLESS_REMOTE_USER_URL) {
    problems.push('GATEHOUSE_PAPERLESS_TOKEN_SOURCE=remote_user needs GATEHOUSE_PAPERLESS_REMOTE_USER_URL (the internal listener with PAPERLESS_ENABLE_HTTP_REMOTE_USER_API)');
  }
  if (!urls.GATEHOUSE_PAPERLESS_URL || !urls.GATEHOUSE_PAPERLESS_PUBLIC_URL) return null;
  return {
    internalUrl: urls.GATEHOUSE_PAPERLESS_URL,
    publicUrl: urls.GATEHOUSE_PAPERLESS_PUBLIC_URL,
    adminToken: raw.GATEHOUSE_PAPERLESS_ADMIN_TOKEN!,
    tokenSource: raw.GATEHOUSE_PAPERLESS_TOKEN_SOURCE,
    remoteUserUrl: urls.GATEHOUSE_PAPERLESS_REMOTE_USER_URL ?? null,
  };
}

function parseUrl(text: string, problems: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`GATEHOUSE_URL must be an absolute URL such as https://auth.example.com (got "${text}")`);
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`GATEHOUSE_URL must start with https:// or http:// (got "${text}")`);
    return null;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(`GATEHOUSE_URL must not contain credentials, a query or a fragment (got "${text}")`);
    return null;
  }
  return url;
}

function mailDomain(hostname: string): string {
  return hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? 'localhost' : hostname;
}

function parseDatabaseUrl(text: string, cwd: string, problems: string[]): Env['database'] | null {
  if (text.startsWith('file:')) {
    const path = text.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path || path.includes('?')) {
      problems.push(`DATABASE_URL for SQLite must look like file:./data/gatehouse.db (got "${text}")`);
      return null;
    }
    const sqlitePath = isAbsolute(path) ? path : resolve(cwd, path);
    return { url: `file:${sqlitePath}`, dialect: 'sqlite', sqlitePath };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      const parsed = new URL(text);
      if (!parsed.hostname || parsed.pathname.length < 2) throw new Error('missing host or database');
    } catch {
      problems.push('DATABASE_URL must look like postgresql://user:password@host:5432/database');
      return null;
    }
    return { url: text, dialect: 'postgresql', sqlitePath: undefined };
  }
  problems.push('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  return null;
}

function parseCidrs(text: string, problems: string[]): Env['trustedProxies'] {
  const out: Env['trustedProxies'] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      out.push(item.includes('/') ? ipaddr.parseCIDR(item) : [ipaddr.parse(item), item.includes(':') ? 128 : 32]);
    } catch {
      problems.push(`GATEHOUSE_TRUSTED_PROXIES: "${item}" is not an IP address or CIDR range`);
    }
  }
  return out;
}

/** Reads `GATEHOUSE_ENV_FILE`, else `gatehouse.env`, else `.env` from the working directory. */
function readEnvFile(cwd: string, explicit: string | undefined): Record<string, string> {
  const candidates = explicit ? [resolve(cwd, explicit)] : [resolve(cwd, 'gatehouse.env'), resolve(cwd, '.env')];
  for (const file of candidates) {
    if (existsSync(file)) return parseDotenv(readFileSync(file, 'utf8')) as Record<string, string>;
    if (explicit) throw new ConfigError([`GATEHOUSE_ENV_FILE points at ${file}, which does not exist`]);
  }
  return {};
}

const CACHE = Symbol.for('gatehouse.env');
type EnvCache = { [CACHE]?: Env };

/**
 * The configuration of this process, parsed on first use and shared through globalThis so the
 * custom server and Next's own bundles see one object. Throws ConfigError listing every problem.
 */
export function getEnv(): Env {
  const cache = globalThis as EnvCache;
  const cached = cache[CACHE];
  if (cached) return cached;
  const cwd = process.cwd();
  // Variables set in the real environment win over the file.
  const vars = { ...readEnvFile(cwd, process.env.GATEHOUSE_ENV_FILE), ...process.env };
  const result = parseEnv(vars, { cwd });
  if (!result.ok) throw new ConfigError(result.problems);
  cache[CACHE] = result.env;
  return result.env;
}

/** Tests only: forget the parsed configuration so the next getEnv() reads it again. */
export function resetEnvForTests(): void {
  delete (globalThis as EnvCache)[CACHE];
}
