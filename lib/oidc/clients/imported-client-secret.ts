/**
 * Client secrets imported from Authelia, verified as Authelia stores them: a digest in the
 * `client_secret` of identity_providers.oidc.clients, in go-crypt's formats (`$pbkdf2-sha512$…`,
 * `$argon2id$…`, bcrypt, scrypt, SHA-crypt) — the same formats as Authelia's password hashes, so
 * they are checked by the same verifier (lib/auth/password/imported-hash.ts, with its cost bounds).
 * (`$plaintext$` secrets never get here: the import stores their SHA-256, Gatehouse's own form.)
 * Anything that is not such a digest, Gatehouse's own SHA-256 hex included, is false.
 *
 * These digests are slow on purpose (Authelia's default PBKDF2-SHA512 is 310 000 rounds), and a
 * confidential client presents its secret at every token call: after one successful check, the
 * SHA-256 of the secret is remembered for that digest in this process, and later calls compare
 * that in constant time. Only a right secret is ever remembered; a wrong one is refused and counted
 * by the regulation like any wrong client secret (lib/oidc/client-auth.ts).
 */
import { verifyImportedHash } from '../../auth/password/imported-hash';
import { safeEqual, sha256Hex } from '../../crypto';

const MAX_SECRET_LENGTH = 1024;

/** Is this stored value one of Authelia's digests (rather than Gatehouse's SHA-256 hex)? */
export const isImportedDigest = (stored: string): boolean => stored.startsWith('$');

const KEY = Symbol.for('gatehouse.oidc.importedSecretMemo');
/** digest → SHA-256 hex of the secret that matched it. Bounded: cleared when it grows past the imported clients. */
const memo: Map<string, string> = ((globalThis as { [KEY]?: Map<string, string> })[KEY] ??= new Map());

/** Does the presented secret match an imported Authelia digest? False for anything that is not one. */
export async function importedSecretMatches(presented: unknown, stored: unknown): Promise<boolean> {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > MAX_SECRET_LENGTH) return false;
  if (typeof stored !== 'string' || !isImportedDigest(stored)) return false;
  const remembered = memo.get(stored);
  if (remembered !== undefined) return safeEqual(sha256Hex(presented), remembered);
  if (!(await verifyImportedHash(stored, presented))) return false;
  if (memo.size >= 1000) memo.clear();
  memo.set(stored, sha256Hex(presented));
  return true;
}
