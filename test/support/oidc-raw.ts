/**
 * Raw OpenID Connect requests for tests that must send what a well-behaved relying party never
 * would: authorization URLs built by hand, token requests with any body and credentials.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, SeededClient } from './oidc';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(issuer: string, client: { clientId: string; redirectUri: string }, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, value);
  return `${issuer}/oidc/auth?${query}`;
}

export type TokenAnswer = { status: number; body: Record<string, unknown> };

export async function tokenRequest(issuer: string, form: Record<string, string>, auth: { basic?: [string, string]; path?: string } = {}): Promise<TokenAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.basic)
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(auth.basic[0])}:${encodeURIComponent(auth.basic[1])}`).toString('base64')}`;
  const response = await fetch(`${issuer}${auth.path ?? '/oidc/token'}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Walks an authorization request to the client's redirect URI and returns its code (throws otherwise). */
export async function obtainCode(
  issuer: string,
  client: SeededClient,
  browser: Browser,
  params: Record<string, string | undefined> = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const result = await browser.follow(authorizeUrl(issuer, client, { code_challenge: challenge, code_challenge_method: 'S256', ...params }), issuer);
  if (result.stoppedAt !== undefined) throw new Error(`stopped at ${result.stoppedAt} (${result.status})`);
  const code = new URL(result.location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${result.location}`);
  return { code, verifier };
}

export function codeGrant(client: SeededClient, code: string, verifier: string | undefined): Record<string, string> {
  return { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, ...(verifier ? { code_verifier: verifier } : {}) };
}
