import 'server-only';
/**
 * next-auth does the provider handshakes (authorization-code flow, state, PKCE, nonce, ID-token
 * checks) and nothing else: its signIn callback hands the identity to Gatehouse
 * (sign-in-with-identity.ts), then complete-sign-in.ts sets Gatehouse's own session cookie and
 * answers with where to go. Returning a URL there means next-auth never creates a session of its
 * own. What differs between provider kinds is in lib/auth/providers/.
 */
import type { AuthOptions, Profile } from 'next-auth';
import { cookies } from 'next/headers';
import { createHmac } from 'node:crypto';
import { getDb } from '../../db';
import type { CookieEnv, PortalEnv } from '../../config';
import { getRequestMeta } from '../../http/request-meta';
import type { ProviderConfig } from '../../signup/signup-config';
import { completeSignIn } from '../complete-sign-in';
import type { Claims } from '../providers/provider-kind';
import { identityOf, nextAuthProviders, userinfoIssuerOf } from '../providers/registry';
import { problemQuery } from './problem-message';
import { signInWithIdentity, type IdentityEnv } from './sign-in-with-identity';

/** Some providers leave the email out of the ID token: then it comes from the userinfo endpoint. */
async function withUserinfo(config: ProviderConfig, claims: Claims, accessToken: string | undefined): Promise<Claims> {
  const issuer = userinfoIssuerOf(config);
  if (issuer === null || claims.email || !accessToken) return claims;
  try {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })).json()) as {
      userinfo_endpoint?: string;
    };
    if (!discovery.userinfo_endpoint) return claims;
    const info = (await (
      await fetch(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(10_000) })
    ).json()) as Claims;
    // The userinfo answer counts only for the same subject (OIDC Core 5.3.2).
    return info.sub === claims.sub ? { ...info, ...claims, email: info.email, email_verified: info.email_verified } : claims;
  } catch {
    return claims;
  }
}

/**
 * next-auth builds its callback URLs from NEXTAUTH_URL alone (it never trusts the Host header
 * unless told to), so Gatehouse hands it the configured portal URL. Written, never read, here.
 */
export function configureNextAuthUrl(env: PortalEnv): void {
  process.env.NEXTAUTH_URL = `${env.url}/api/auth`;
}

/** Where next-auth was asked to send the browser afterwards (its callback-url cookie); complete-sign-in validates it like any rd. */
async function requestedReturn(env: PortalEnv): Promise<string | undefined> {
  const jar = await cookies();
  const raw = jar.get('__Secure-next-auth.callback-url')?.value ?? jar.get('next-auth.callback-url')?.value;
  try {
    return raw ? (new URL(raw, env.url).searchParams.get('rd') ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function nextAuthOptions(env: IdentityEnv & CookieEnv): AuthOptions {
  const problemUrl = (message: string) => `${env.url}/sign-in/problem?${problemQuery(message, env.secrets.signingKey)}`;
  const byId = new Map(env.signup.providers.map((p) => [p.id, p]));
  return {
    providers: nextAuthProviders(env.signup.providers),
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
        const next = await completeSignIn(db, { signedIn: { ...result, level: 'one_factor' }, returnTo: await requestedReturn(env), env });
        return next.startsWith('/') ? `${env.url}${next}` : next;
      },
      // Never reached for a sign-in (signIn answers with a URL), kept strict anyway.
      redirect: ({ url, baseUrl }) => (url.startsWith(baseUrl) || url.startsWith('/') ? url : baseUrl),
    },
  };
}
