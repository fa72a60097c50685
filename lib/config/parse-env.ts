/**
 * Turns configuration variables into the configuration of this process, reporting every problem
 * at once. Pure apart from loading the secrets, which a caller may pass in.
 */
import { resolve } from 'node:path';
import { dataDirOf, parseDatabaseUrl, type DatabaseEnv } from './database';
import { directoryConfig, type DirectoryEnv } from './directory';
import { withoutBlanks } from './fields';
import { isLoopbackHost } from './loopback';
import { mailFromOf, smtpConfig, type MailEnv } from './mail';
import { metricsConfig, type ObservabilityEnv } from './observability';
import { paperlessConfig, type PaperlessEnv } from './paperless';
import type { RegulationEnv } from './regulation';
import { secondFactorConfig, rpIdOf, type AssuranceEnv, type SecondFactorEnv } from './second-factor';
import { loadSecrets, type Secrets, type SecretsEnv } from './secrets';
import { cookieDomainOf, portalUrl, redirectDomainsOf, type CookieEnv, type ListenEnv, type PortalEnv } from './server';
import { sessionConfig, type PasswordLinkEnv, type SessionEnv } from './sessions';
import { parseSignupConfig, type SignupEnv } from './signup';
import { parseCidrs, type TrustedProxiesEnv } from './trusted-proxies';
import { ZRawEnv } from './variables';
import type { VerifyEnv } from './verify';

/** The whole configuration: every slice together, so it can be passed wherever one slice is asked for. */
export type Env = PortalEnv &
  ListenEnv &
  CookieEnv &
  DatabaseEnv &
  SessionEnv &
  PasswordLinkEnv &
  SecondFactorEnv &
  AssuranceEnv &
  VerifyEnv &
  MailEnv &
  PaperlessEnv &
  SignupEnv &
  TrustedProxiesEnv &
  RegulationEnv &
  ObservabilityEnv &
  DirectoryEnv &
  SecretsEnv;

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

  // The checks run in this order, which is the order an operator reads the problems in.
  const url = portalUrl(raw, invalid, problems);
  const loopback = url ? isLoopbackHost(url.hostname) : true;
  const cookieDomain = cookieDomainOf(raw, invalid, url, problems);
  const dataDir = dataDirOf(raw.GATEHOUSE_DATA_DIR, options.cwd);
  const database = parseDatabaseUrl(raw.DATABASE_URL ?? `file:${resolve(dataDir, 'gatehouse.db')}`, options.cwd, problems);
  const trustedProxies = parseCidrs(raw.GATEHOUSE_TRUSTED_PROXIES, problems);
  const redirectDomains = redirectDomainsOf(raw, problems);
  const smtp = smtpConfig(raw, problems);
  const rpId = rpIdOf(raw, url, cookieDomain, problems);
  const mailFrom = mailFromOf(raw, url, problems);
  const session = sessionConfig(raw, invalid, problems);
  const paperless = paperlessConfig(raw, problems);
  const metrics = metricsConfig(raw, invalid, problems);
  const directory = directoryConfig(raw, problems);
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
      session,
      passwordLinkTtlMs: raw.GATEHOUSE_PASSWORD_LINK_TTL,
      redirectDomains,
      secondFactor: secondFactorConfig(raw, rpId),
      assurance: { sudoTtlMs: raw.GATEHOUSE_SUDO_TTL },
      verify: { cacheTtlMs: raw.GATEHOUSE_VERIFY_CACHE_TTL, debugHeaders: raw.GATEHOUSE_VERIFY_DEBUG_HEADERS },
      smtp,
      paperless,
      signup: { ...signup.config, emailLinkTtlMs: raw.GATEHOUSE_EMAIL_LINK_TTL, invitationTtlMs: raw.GATEHOUSE_INVITATION_TTL },
      mailFrom,
      trustedProxies,
      regulation: { maxFailures: raw.GATEHOUSE_REGULATION_MAX_FAILURES, windowMs: raw.GATEHOUSE_REGULATION_WINDOW, banMs: raw.GATEHOUSE_REGULATION_BAN },
      metrics,
      logFormat: raw.GATEHOUSE_LOG_FORMAT,
      directory,
      secrets,
    },
  };
}
