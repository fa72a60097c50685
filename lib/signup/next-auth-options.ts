import 'server-only';
/**
 * next-auth does the provider handshakes (authorization-code flow, state, PKCE, nonce, ID-token
 * checks) and nothing else: its signIn callback hands the identity to Gatehouse
 * (sign-in-with-identity.ts), which sets Gatehouse's own session cookie and answers with where
 * to go. Returning a URL there means next-auth never creates a session of its own.
 */
import type { AuthOptions, Profile } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { cookies } from 'next/headers';
import { createHmac } from 'node:crypto';
import { returnUrlPolicyOf, safeReturnUrl } from '../auth/return-url';
import { setSessionCookie } from '../auth/session-cookie';
import { getDb } from '../db';
import type { Env } from '../env';
import { getRequestMeta } from '../http/request-meta';
import { hasSecondFactor } from '../mfa/has-second-factor';
import { readRequireTwoFactor } from '../rules/rule-settings';
import { problemQuery } from './problem-message';
import { identityFromClaims, identityFromGithub, type GithubEmail, type ProviderIdentity } from './provider-profile';
import { signInWithIdentity } from './sign-in-with-identity';
import type { ProviderConfig } from './signup-config';

type Claims = Record<string, unknown>;

/** GitHub: always read /user/emails, so Gatehouse knows which address GitHub verified. */
function github(config: Extract<ProviderConfig, { kind: 'github' }>): OAuthConfig<Claims> {
  const base = GitHubProvider({ clientId: config.clientId, clientSecret: config.clientSecret }) as unknown as OAuthConfig<Claims>;
  return {
    ...base,
    name: config.name,
    checks: ['pkce', 'state'],
    userinfo: {
      url: 'https://api.github.com/user',
      async request({ client, tokens }) {
        const profile = (await client.userinfo(tokens.access_token!)) as Claims;
        const response = await fetch('https://api.github.com/user/emails', { headers: { Authorization: `token ${tokens.access_token}`, Accept: 'application/vnd.github+json' }, signal: AbortSignal.timeout(10_000) });
        profile.gatehouse_emails = response.ok ? ((await response.json()) as GithubEmail[]) : null;
        return profile;
      },
    },
    profile: (profile) => ({ id: String(profile.id), name: String(profile.name ?? profile.login ?? ''), email: null, image: null }),
  };
}

function google(config: Extract<ProviderConfig, { kind: 'google' }>): OAuthConfig<Claims> {
  const base = GoogleProvider({ clientId: config.clientId, clientSecret: config.clientSecret }) as unknown as OAuthConfig<Claims>;
  return { ...base, name: config.name, checks: ['pkce', 'state', 'nonce'], profile: (p) => ({ id: String(p.sub), name: null, email: null, image: null }) };
}

function oidc(config: Extract<ProviderConfig, { kind: 'oidc' }>): OAuthConfig<Claims> {
  return {
    id: config.id,
    name: config.name,
    type: 'oauth',
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret ?? undefined,
    client: config.clientSecret ? undefined : { token_endpoint_auth_method: 'none' },
    authorization: { params: { scope: config.scopes.join(' ') } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    profile: (p) => ({ id: String(p.sub), name: null, email: null, image: null }),
  };
}

export function nextAuthProviders(env: Env): OAuthConfig<Claims>[] {
  return env.signup.providers.map((p) => (p.kind === 'github' ? github(p) : p.kind === 'google' ? google(p) : oidc(p)));
}

/** Some providers leave the email out of the ID token: then it comes from the userinfo endpoint. */
async function withUserinfo(config: ProviderConfig, claims: Claims, accessToken: string | undefined): Promise<Claims> {
  if (config.kind === 'github' || claims.email || !accessToken) return claims;
  const issuer = config.kind === 'google' ? 'https://accounts.google.com' : config.issuer;
  try {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })).json()) as { userinfo_endpoint?: string };
    if (!discovery.userinfo_endpoint) return claims;
    const info = (await (await fetch(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(10_000) })).json()) as Claims;
    // The userinfo answer counts only for the same subject (OIDC Core 5.3.2).
    return info.sub === claims.sub ? { ...info, ...claims, email: info.email, email_verified: info.email_verified } : claims;
  } catch {
    return claims;
  }
}

export function identityOf(config: ProviderConfig, profile: Claims): ProviderIdentity | null {
  if (config.kind === 'github') return identityFromGithub(profile, Array.isArray(profile.gatehouse_emails) ? (profile.gatehouse_emails as GithubEmail[]) : null);
  return identityFromClaims(config.id, profile);
}

/**
 * next-auth builds its callback URLs from NEXTAUTH_URL alone (it never trusts the Host header
 * unless told to), so Gatehouse hands it the configured portal URL. Written, never read, here.
 */
export function configureNextAuthUrl(env: Env): void {
  process.env.NEXTAUTH_URL = `${env.url}/api/auth`;
}


/** Where next-auth was asked to send the browser afterwards (its callback-url cookie), validated like any rd. */
async function requestedReturn(env: Env): Promise<string> {
  const jar = await cookies();
  const raw = jar.get('__Secure-next-auth.callback-url')?.value ?? jar.get('next-auth.callback-url')?.value;
  let rd: string | undefined;
  try {
    rd = raw ? (new URL(raw, env.url).searchParams.get('rd') ?? undefined) : undefined;
  } catch {
    rd = undefined;
  }
  return safeReturnUrl(rd, returnUrlPolicyOf(env)) ?? '/';
}

export function nextAuthOptions(env: Env): AuthOptions {
  const problemUrl = (message: string) => `${env.url}/sign-in/problem?${problemQuery(message, env.secrets.signingKey)}`;
  const byId = new Map(env.signup.providers.map((p) => [p.id, p]));
  return {
    providers: nextAuthProviders(env),
    // next-auth signs its short-lived handshake cookies (state, PKCE, nonce) with this.
    secret: createHmac('sha256', env.secrets.signingKey).update('next-auth').digest('hex'),
    session: { strategy: 'jwt', maxAge: 60 },
    pages: { signIn: '/sign-in', error: '/sign-in/problem' },
    useSecureCookies: env.cookie.secure,
    logger: {
      error: (code, metadata) => console.error(`[gatehouse] sign-in provider error ${code}:`, (metadata as { message?: string })?.message ?? ''),
      warn: () => undefined,
      debug: () => undefined,
    },
    callbacks: {
      async signIn({ account, profile }) {
        const config = account ? byId.get(account.provider) : undefined;
        if (!config || !account) return problemUrl('This sign-in provider is not configured here.');
        const claims = await withUserinfo(config, (profile ?? {}) as Claims & Profile, account.access_token);
        const identity = identityOf(config, claims);
        if (!identity) return problemUrl(`${config.name} did not say who you are. Try again, or use another way to sign in.`);
        const db = getDb();
        const result = await signInWithIdentity(db, { identity, meta: await getRequestMeta(), env });
        if (result.kind === 'refused') return problemUrl(result.message);
        if (result.kind === 'pending') return `${env.url}/sign-in/waiting`;
        await setSessionCookie(result.token, result.expiresAt);
        const target = await requestedReturn(env);
        const absolute = (url: string) => (url.startsWith('/') ? `${env.url}${url}` : url);
        if ((await hasSecondFactor(db, result.userId)) || (await readRequireTwoFactor(db))) return `${env.url}/sign-in/second-factor?rd=${encodeURIComponent(target)}`;
        return absolute(target);
      },
      // Never reached for a sign-in (signIn answers with a URL), kept strict anyway.
      redirect: ({ url, baseUrl }) => (url.startsWith(baseUrl) || url.startsWith('/') ? url : baseUrl),
    },
  };
}
