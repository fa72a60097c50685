/**
 * A real OpenLDAP slapd for integration tests (scripts/lib/slapd.mjs, shared with
 * `npm run bench:ldap`), seeded with test/support/ldap/directory-seed.mjs, typed here. Both are
 * plain JavaScript, imported through computed URLs (as test/support/proxies.ts does).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TSlapd = {
  pid: number;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  /** ldap://127.0.0.1:<port> */
  ldapUrl: string;
  /** ldaps://127.0.0.1:<port>: the certificate names 127.0.0.1. */
  ldapsUrl: string;
  /** ldaps://127.0.0.2:<same port>: the same certificate, which does not name this address. */
  mismatchUrl: string;
  /** The throwaway CA that signed the server certificate (PEM). */
  caPem: string;
  /** BIND operations slapd received so far: for one DN (case-insensitive), or all. */
  binds(dn?: string): number;
  log(): string;
  stop(): Promise<void>;
};

export type TUser = { uid: string; dn: string; mail: string; cn: string; givenName: string; sn: string; locked?: boolean };

export type TSeed = {
  SUFFIX: string;
  PEOPLE: string;
  GROUPS: string;
  SERVICE: { dn: string; password: string };
  PASSWORD: string;
  USERS: Record<'alice' | 'bob' | 'carol' | 'dave' | 'erin' | 'localanna' | 'twinA' | 'twinB' | 'star', TUser>;
  baseLdif(options?: { referralUrl?: string; extraUsers?: number }): string;
  groupsLdif(options?: { extraUsers?: number }): string;
};

const load = async <T>(path: string): Promise<T> => (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), path)).href)) as T;

export const loadSeed = (): Promise<TSeed> => load<TSeed>('test/support/ldap/directory-seed.mjs');

/** Starts slapd with the test directory; `referralUrl` is where its referral entry points. */
export async function startTestDirectory(options: { referralUrl?: string } = {}): Promise<{ slapd: TSlapd; seed: TSeed }> {
  const seed = await loadSeed();
  const { startSlapd } = await load<{ startSlapd(o: { suffix: string; baseLdif: string; groupsLdif: string }): Promise<TSlapd> }>('scripts/lib/slapd.mjs');
  const slapd = await startSlapd({ suffix: seed.SUFFIX, baseLdif: seed.baseLdif({ referralUrl: options.referralUrl }), groupsLdif: seed.groupsLdif() });
  return { slapd, seed };
}
