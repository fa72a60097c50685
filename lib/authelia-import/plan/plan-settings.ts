/**
 * Access rules (the existing access_control import, lib/policy/authelia-yaml.ts, and its
 * diagnostics for rule features without an equivalent), settings as Gatehouse variables, and
 * OpenID Connect clients. A setting the browser can change (STORABLE_VARIABLES) is imported unless
 * the environment fixes it, and one that only the environment sets is reported with the line to
 * set — decided by decide-settings.ts, as apply decides. No value of a secret is ever
 * put in a detail or a reason.
 */
import { importedHashFormat } from '../../auth/password/imported-hash';
import { storableSources } from '../../config';
import type { DbOrTx } from '../../db';
import type { TRuleInput } from '../../policy/types';
import { describeRule } from '../../rules/describe-rule';
import { listHandWrittenRules } from '../../rules/list-rules';
import { DEFAULT_POLICY_KEY, readSetting } from '../../rules/rule-settings';
import { readStoredVariables } from '../../settings/read-stored-variables';
import { decideSettings } from '../decide-settings';
import type { AutheliaInstallation, ImportPlan, PlanEnv, PlannedSetting, PlanItem } from '../types';

const ruleShape = (rule: TRuleInput) => JSON.stringify([rule.domains, rule.paths, rule.methods, rule.subjects, rule.networks, rule.policy]);

export async function planRules(db: DbOrTx, accessControl: AutheliaInstallation['settings']['accessControl']): Promise<ImportPlan['rules']> {
  if (!accessControl) return [];
  const existing = new Set((await listHandWrittenRules(db)).map(ruleShape));
  const items: ImportPlan['rules'] = accessControl.rules.map((rule, index) => ({
    key: `rule ${index + 1}`,
    action: existing.has(ruleShape(rule)) ? 'unchanged' : 'create',
    detail: describeRule(rule),
    data: { kind: 'rule', position: index + 1, rule },
  }));
  for (const error of accessControl.errors) {
    items.push({
      key: `access_control line ${error.line}`,
      action: 'refused',
      reason: error.message,
      detail: 'left out: no equivalent in Gatehouse',
      data: { kind: 'defaultPolicy', policy: 'deny' },
    });
  }
  if (accessControl.defaultPolicy) {
    const current = await readSetting(db, DEFAULT_POLICY_KEY);
    items.push({
      key: 'default_policy',
      action: current === accessControl.defaultPolicy ? 'unchanged' : 'update',
      detail: `default policy ${accessControl.defaultPolicy} (for requests no rule matches)`,
      data: { kind: 'defaultPolicy', policy: accessControl.defaultPolicy },
    });
  }
  return items;
}

const envDuration = (ms: number) => {
  for (const [size, unit] of [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}`;
};

type Proposal = { variable: string; value: string | null; secret?: boolean; what: string };

function proposals(settings: AutheliaInstallation['settings']): Proposal[] {
  const { session, regulation, totp, smtp } = settings;
  const list: Proposal[] = [
    { variable: 'GATEHOUSE_URL', value: session.autheliaUrls[0] ?? null, what: 'the portal URL (session.cookies[0].authelia_url)' },
    { variable: 'GATEHOUSE_COOKIE_DOMAIN', value: session.domains[0] ?? null, what: 'the session cookie domain' },
    { variable: 'GATEHOUSE_SESSION_MAX_AGE', value: session.expirationMs === null ? null : envDuration(session.expirationMs), what: 'session expiration' },
    { variable: 'GATEHOUSE_SESSION_IDLE_TIMEOUT', value: session.inactivityMs === null ? null : envDuration(session.inactivityMs), what: 'session inactivity' },
    {
      variable: 'GATEHOUSE_REGULATION_MAX_FAILURES',
      value: regulation.maxRetries === null ? null : String(regulation.maxRetries),
      what: 'regulation max_retries',
    },
    {
      variable: 'GATEHOUSE_REGULATION_WINDOW',
      value: regulation.findTimeMs === null ? null : envDuration(regulation.findTimeMs),
      what: 'regulation find_time',
    },
    { variable: 'GATEHOUSE_REGULATION_BAN', value: regulation.banTimeMs === null ? null : envDuration(regulation.banTimeMs), what: 'regulation ban_time' },
    { variable: 'GATEHOUSE_TOTP_ISSUER', value: totp.issuer, what: 'the TOTP issuer' },
  ];
  if (smtp) {
    list.push(
      { variable: 'GATEHOUSE_SMTP_HOST', value: smtp.host, what: 'the SMTP server' },
      { variable: 'GATEHOUSE_SMTP_PORT', value: String(smtp.port), what: 'the SMTP port' },
      { variable: 'GATEHOUSE_SMTP_SECURE', value: String(smtp.secure), what: 'implicit TLS (submissions)' },
      { variable: 'GATEHOUSE_SMTP_USER', value: smtp.username, what: 'the SMTP user' },
      { variable: 'GATEHOUSE_SMTP_PASSWORD', value: smtp.password, secret: true, what: 'the SMTP password' },
      { variable: 'GATEHOUSE_MAIL_FROM', value: smtp.sender, what: 'the sender' },
      { variable: 'GATEHOUSE_SMTP_TLS_VERIFY', value: String(!smtp.tlsSkipVerify), what: 'TLS certificate checks' },
    );
  }
  return list;
}

export async function planSettings(db: DbOrTx, settings: AutheliaInstallation['settings'], env: PlanEnv): Promise<ImportPlan['settings']> {
  const wanted = proposals(settings).flatMap((p) => (p.value === null ? [] : [{ ...p, value: p.value }]));
  const current = await readStoredVariables(db, { encryptionKey: env.encryptionKey });
  const { decisions } = decideSettings(
    wanted.map((p) => ({ variable: p.variable, value: p.value, secret: p.secret ?? false })),
    current.variables,
    storableSources(),
  );
  const items: PlanItem<PlannedSetting>[] = wanted.map((p) => {
    const data = { variable: p.variable, value: p.value, secret: p.secret ?? false };
    const shown = p.secret ? '(secret, not shown)' : p.value;
    const decision = decisions.find((d) => d.variable === p.variable)!;
    const detail = `${p.what}: ${shown}`;
    if (decision.outcome === 'refused' && decision.environmentOnly)
      return { key: p.variable, action: 'refused', reason: `set only in Gatehouse's environment: ${p.variable}=${shown}`, detail: p.what, data };
    if (decision.outcome === 'refused') return { key: p.variable, action: 'refused', reason: decision.reason, detail, data };
    if (decision.outcome === 'skipped') return { key: p.variable, action: 'skip', reason: decision.reason, detail, data };
    return { key: p.variable, action: decision.outcome === 'unchanged' ? 'unchanged' : decision.outcome === 'created' ? 'create' : 'update', detail, data };
  });
  const skipped = (key: string, reason: string) =>
    items.push({ key, action: 'refused', reason, detail: 'not carried over', data: { variable: key, value: '', secret: false } });
  for (const domain of settings.session.domains.slice(1))
    skipped(`session.cookies ${domain}`, 'Gatehouse serves one cookie domain; add the others as redirect domains if needed');
  if (settings.session.rememberMeMs !== null) skipped('session.remember_me', 'Gatehouse has no "remember me"; its sessions last GATEHOUSE_SESSION_MAX_AGE');
  if (settings.totp.algorithm && settings.totp.algorithm !== 'SHA1')
    skipped('totp.algorithm', 'new enrolments use SHA1, 6 digits, 30 s (every app supports them); imported apps keep theirs');
  return items;
}

const REDIRECT_OK = (uri: string) => {
  try {
    const url = new URL(uri);
    if (url.protocol === 'https:') return true;
    if (url.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    // A native app's private-use scheme is reverse-DNS (RFC 8252 7.1), e.g. com.example.app:/callback.
    return /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(url.protocol);
  } catch {
    return false;
  }
};

export async function planOidcClients(db: DbOrTx, clients: AutheliaInstallation['oidcClients']): Promise<ImportPlan['oidcClients']> {
  const existing = new Set((await db.oidcClient.findMany({ where: { id: { in: clients.map((c) => c.clientId) } }, select: { id: true } })).map((c) => c.id));
  const counted = new Map<string, number>();
  for (const c of clients) counted.set(c.clientId, (counted.get(c.clientId) ?? 0) + 1);
  return clients.map(({ line, ...client }) => {
    const item = (action: PlanItem<unknown>['action'], detail: string, reason?: string) => ({
      key: client.clientId,
      action,
      detail,
      ...(reason && { reason }),
      data: client,
    });
    const where = `configuration.yml line ${line}`;
    if ((counted.get(client.clientId) ?? 0) > 1) return item('refused', where, 'the client_id appears more than once');
    if (client.redirectUris.length === 0 || !client.redirectUris.every(REDIRECT_OK))
      return item('refused', where, 'every redirect URI must be an https:// URL (http:// only for localhost)');
    let secretNote = 'public client (PKCE)';
    if (!client.public) {
      const digest = client.secretDigest;
      if (!digest) return item('refused', where, 'a confidential client without client_secret');
      const plain = digest.startsWith('$plaintext$') || !digest.startsWith('$');
      const check = plain ? null : importedHashFormat(digest);
      if (check && !check.ok) return item('refused', where, `its client_secret digest cannot be verified: ${check.reason}`);
      secretNote = plain
        ? 'confidential; its plain-text secret is stored hashed'
        : `confidential; its ${check!.ok ? check!.format : ''} secret digest is verified as it is`;
    }
    if (existing.has(client.clientId)) return item('unchanged', `already in Gatehouse (${where})`);
    const policy = client.authorizationPolicy === 'one_factor' ? 'one_factor' : 'two_factor';
    const policyNote = ['one_factor', 'two_factor'].includes(client.authorizationPolicy)
      ? ''
      : ` (the custom policy ${client.authorizationPolicy} becomes two_factor)`;
    const consent = client.consentMode === 'implicit' ? 'no consent screen' : 'consent asked once and remembered';
    return item(
      'create',
      `${client.name}: ${secretNote}; ${policy}${policyNote}; ${consent}; scopes ${client.scopes.join(' ')}; ${client.redirectUris.length} redirect URI(s)`,
    );
  });
}
