/**
 * Sign-in providers and the signup policy, read from environment variables (pure: parse-env.ts
 * passes the variables in and reports the problems with everything else).
 *
 *   GATEHOUSE_GITHUB_CLIENT_ID / _CLIENT_SECRET [/ _NAME]
 *   GATEHOUSE_GOOGLE_CLIENT_ID / _CLIENT_SECRET [/ _NAME]
 *   GATEHOUSE_OIDC_PROVIDERS=authentik,keycloak   then for each id (upper-cased, - → _):
 *     GATEHOUSE_OIDC_AUTHENTIK_ISSUER, _CLIENT_ID, [_CLIENT_SECRET], [_NAME], [_SCOPES]
 *   GATEHOUSE_SIGNUP_POLICY=open-with-approval | auto-approve | closed
 *   GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS=example.com,example.org
 *   GATEHOUSE_SIGNUP_APPROVED_EMAILS=anna@example.com,…
 *   GATEHOUSE_EMAIL_SIGN_IN=true|false
 */
export type SignupPolicy = 'open-with-approval' | 'auto-approve' | 'closed';
export const SIGNUP_POLICIES: readonly SignupPolicy[] = ['open-with-approval', 'auto-approve', 'closed'];

export type ProviderConfig =
  | { kind: 'github'; id: 'github'; name: string; clientId: string; clientSecret: string }
  | { kind: 'google'; id: 'google'; name: string; clientId: string; clientSecret: string }
  | { kind: 'oidc'; id: string; name: string; issuer: string; clientId: string; clientSecret: string | null; scopes: string[] };

export type SignupConfig = {
  providers: ProviderConfig[];
  policy: SignupPolicy;
  autoApproveDomains: string[];
  approvedEmails: string[];
  emailSignIn: boolean;
};

/** The signup configuration plus how long emailed sign-in links and invitations work. */
export type SignupSettings = SignupConfig & { emailLinkTtlMs: number; invitationTtlMs: number };

export type SignupEnv = { signup: SignupSettings };

/** Ids that would collide with next-auth's own routes or Gatehouse's methods. */
const RESERVED_IDS = new Set([
  'github',
  'google',
  'email',
  'credentials',
  'password',
  'passkey',
  'admin',
  'setup',
  'signin',
  'callback',
  'session',
  'csrf',
  'providers',
  'signout',
  'error',
]);
const ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

const present = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);

export const oidcVar = (id: string, suffix: string) => `GATEHOUSE_OIDC_${id.toUpperCase().replace(/-/g, '_')}_${suffix}`;

function httpsOrLoopbackUrl(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function secretPair(vars: Record<string, string | undefined>, prefix: string, label: string, problems: string[]) {
  const id = present(vars[`${prefix}_CLIENT_ID`]);
  const secret = present(vars[`${prefix}_CLIENT_SECRET`]);
  if (!id && !secret) return null;
  if (!id || !secret) {
    problems.push(
      `${label}: set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET together (missing ${!id ? `${prefix}_CLIENT_ID` : `${prefix}_CLIENT_SECRET`})`,
    );
    return null;
  }
  return { clientId: id, clientSecret: secret };
}

export function parseSignupConfig(vars: Record<string, string | undefined>): { config: SignupConfig; problems: string[] } {
  const problems: string[] = [];
  const providers: ProviderConfig[] = [];

  const github = secretPair(vars, 'GATEHOUSE_GITHUB', 'GitHub sign-in', problems);
  if (github) providers.push({ kind: 'github', id: 'github', name: present(vars.GATEHOUSE_GITHUB_NAME) ?? 'GitHub', ...github });
  const google = secretPair(vars, 'GATEHOUSE_GOOGLE', 'Google sign-in', problems);
  if (google) providers.push({ kind: 'google', id: 'google', name: present(vars.GATEHOUSE_GOOGLE_NAME) ?? 'Google', ...google });

  const seen = new Set<string>();
  for (const id of list(vars.GATEHOUSE_OIDC_PROVIDERS)) {
    if (!ID_PATTERN.test(id)) {
      problems.push(`GATEHOUSE_OIDC_PROVIDERS: "${id}" is not a valid provider id (a letter, then letters, digits or -, at most 32)`);
      continue;
    }
    if (RESERVED_IDS.has(id)) {
      problems.push(
        `GATEHOUSE_OIDC_PROVIDERS: "${id}" is reserved; choose another id${id === 'github' || id === 'google' ? ` (use GATEHOUSE_${id.toUpperCase()}_CLIENT_ID for ${id})` : ''}`,
      );
      continue;
    }
    if (seen.has(id)) {
      problems.push(`GATEHOUSE_OIDC_PROVIDERS: "${id}" is listed twice`);
      continue;
    }
    seen.add(id);
    const issuerText = present(vars[oidcVar(id, 'ISSUER')]);
    const clientId = present(vars[oidcVar(id, 'CLIENT_ID')]);
    const missing = [!issuerText && oidcVar(id, 'ISSUER'), !clientId && oidcVar(id, 'CLIENT_ID')].filter(Boolean);
    if (missing.length) {
      problems.push(`OpenID Connect provider "${id}": set ${missing.join(' and ')}`);
      continue;
    }
    const issuer = httpsOrLoopbackUrl(issuerText!);
    if (!issuer) {
      problems.push(
        `${oidcVar(id, 'ISSUER')} must be an https:// URL (http:// only on 127.0.0.1 or localhost), without credentials, query or fragment (got "${issuerText}")`,
      );
      continue;
    }
    const scopes = (present(vars[oidcVar(id, 'SCOPES')]) ?? 'openid profile email').split(/[\s,]+/).filter(Boolean);
    if (!scopes.includes('openid')) problems.push(`${oidcVar(id, 'SCOPES')} must include openid (got "${scopes.join(' ')}")`);
    if (!scopes.includes('email')) problems.push(`${oidcVar(id, 'SCOPES')} must include email: Gatehouse needs the email address to decide about a signup`);
    providers.push({
      kind: 'oidc',
      id,
      name: present(vars[oidcVar(id, 'NAME')]) ?? id,
      issuer,
      clientId: clientId!,
      clientSecret: present(vars[oidcVar(id, 'CLIENT_SECRET')]) ?? null,
      scopes,
    });
  }

  const policyText = present(vars.GATEHOUSE_SIGNUP_POLICY) ?? 'open-with-approval';
  const policy = SIGNUP_POLICIES.find((p) => p === policyText);
  if (!policy) problems.push(`GATEHOUSE_SIGNUP_POLICY must be one of ${SIGNUP_POLICIES.join(', ')} (got "${policyText}")`);

  const autoApproveDomains = list(vars.GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS).map((d) => d.replace(/^@/, ''));
  for (const domain of autoApproveDomains) if (!DOMAIN.test(domain)) problems.push(`GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS: "${domain}" is not a domain name`);
  if ((policy ?? 'open-with-approval') === 'auto-approve' && autoApproveDomains.length === 0) {
    problems.push('GATEHOUSE_SIGNUP_POLICY=auto-approve needs GATEHOUSE_SIGNUP_AUTO_APPROVE_DOMAINS (the email domains approved at once)');
  }
  const approvedEmails = list(vars.GATEHOUSE_SIGNUP_APPROVED_EMAILS);
  for (const email of approvedEmails) if (!EMAIL.test(email)) problems.push(`GATEHOUSE_SIGNUP_APPROVED_EMAILS: "${email}" is not an email address`);

  const emailText = (present(vars.GATEHOUSE_EMAIL_SIGN_IN) ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(emailText)) problems.push(`GATEHOUSE_EMAIL_SIGN_IN must be true or false (got "${emailText}")`);

  return {
    config: { providers, policy: policy ?? 'open-with-approval', autoApproveDomains, approvedEmails, emailSignIn: ['true', '1', 'yes'].includes(emailText) },
    problems,
  };
}
