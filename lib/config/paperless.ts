/** Paperless-ngx connection fixed by configuration (else the admin sets it in the UI). */
import type { RawEnv } from './variables';

export type PaperlessConfig = {
  internalUrl: string;
  publicUrl: string;
  adminToken: string;
  tokenSource: 'password' | 'remote_user';
  remoteUserUrl: string | null;
};

export type PaperlessEnv = { paperless: PaperlessConfig | null };

const PAPERLESS_VARS = ['GATEHOUSE_PAPERLESS_URL', 'GATEHOUSE_PAPERLESS_PUBLIC_URL', 'GATEHOUSE_PAPERLESS_ADMIN_TOKEN'] as const;

/** All three of URL, public URL and admin token, or none (then the admin connects in the UI). */
export function paperlessConfig(raw: RawEnv, problems: string[]): PaperlessConfig | null {
  const given = PAPERLESS_VARS.filter((name) => raw[name] !== undefined);
  if (given.length === 0) {
    if (raw.GATEHOUSE_PAPERLESS_REMOTE_USER_URL)
      problems.push('GATEHOUSE_PAPERLESS_REMOTE_USER_URL needs GATEHOUSE_PAPERLESS_URL, GATEHOUSE_PAPERLESS_PUBLIC_URL and GATEHOUSE_PAPERLESS_ADMIN_TOKEN');
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
    problems.push(
      'GATEHOUSE_PAPERLESS_TOKEN_SOURCE=remote_user needs GATEHOUSE_PAPERLESS_REMOTE_USER_URL (the internal listener with PAPERLESS_ENABLE_HTTP_REMOTE_USER_API)',
    );
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
