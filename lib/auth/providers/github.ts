/** GitHub: always read /user/emails, so Gatehouse knows which address GitHub verified. */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import GitHubProvider from 'next-auth/providers/github';
import type { ProviderConfig } from '../../signup/signup-config';
import { identityFromGithub, type GithubEmail } from '../identity/provider-profile';
import type { Claims, ProviderKind } from './provider-kind';

export const github: ProviderKind<Extract<ProviderConfig, { kind: 'github' }>> = {
  nextAuthProvider(config) {
    const base = GitHubProvider({ clientId: config.clientId, clientSecret: config.clientSecret }) as unknown as OAuthConfig<Claims>;
    return {
      ...base,
      name: config.name,
      checks: ['pkce', 'state'],
      userinfo: {
        url: 'https://api.github.com/user',
        async request({ client, tokens }) {
          const profile = (await client.userinfo(tokens.access_token!)) as Claims;
          const response = await fetch('https://api.github.com/user/emails', {
            headers: { Authorization: `token ${tokens.access_token}`, Accept: 'application/vnd.github+json' },
            signal: AbortSignal.timeout(10_000),
          });
          profile.gatehouse_emails = response.ok ? ((await response.json()) as GithubEmail[]) : null;
          return profile;
        },
      },
      profile: (profile) => ({ id: String(profile.id), name: String(profile.name ?? profile.login ?? ''), email: null, image: null }),
    };
  },
  userinfoIssuer: () => null,
  identity: (_config, profile) => identityFromGithub(profile, Array.isArray(profile.gatehouse_emails) ? (profile.gatehouse_emails as GithubEmail[]) : null),
};
