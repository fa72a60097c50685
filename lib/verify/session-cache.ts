/**
 * The verify endpoint's memory of sessions: cookie → who it belongs to, for a short time
 * (GATEHOUSE_VERIFY_CACHE_TTL). A hit costs no database work; a revocation on this instance
 * removes the entry at once (lib/sessions/revocation-bus.ts), other instances forget it when
 * the entry expires. Unknown and refused cookies are remembered too (as null), so a flood of
 * forged cookies cannot turn into a flood of queries.
 *
 * Size is bounded (DEFAULT_MAX_ENTRIES, ≈ 1 KiB each): when full, the entry stored longest ago
 * goes first. Insertion order, not recency of use: a hit stays a single Map lookup, and every
 * entry is stored again from the database once per TTL anyway. Eviction only ever sends a
 * credential back to the database, which refuses what was revoked.
 *
 * A revocation must not depend on an entry being here when it arrives: a lookup that was already
 * on its way to the database when a revocation came (its answer may predate the revocation) is
 * not stored as valid (`epoch`).
 */
import type { AuthLevel } from '../sessions/session-policy';
import type { VerifyFlavour } from './forwarded-request';

export type CachedSession = {
  sessionId: string;
  level: AuthLevel;
  /** Epoch ms. */
  expiresAt: number;
  lastSeenAt: number;
  user: { id: string; username: string; displayName: string; email: string; groups: string[] };
  /** The Remote-* answer headers, filled in on first use (lib/verify/verify-request.ts). */
  headers?: Record<string, string>;
  /** Set by a credential source other than the session cookie: where it works and what goes upstream. */
  grant?: CredentialGrant;
};

/** What a source other than the session cookie adds to an identity (CachedSession.grant). */
export type CredentialGrant = {
  /** The only host (lower case, any port) the credential opens: on any other, the source's refusal answers. */
  onlyHost?: string;
  /** Answer headers for the proxy to put on the upstream request, per flavour: only ever sent to a trusted proxy. */
  upstream?: Readonly<Record<VerifyFlavour, Readonly<Record<string, string>>>>;
  /** The identity headers with `upstream`'s, per flavour: filled in on first use (verify-request.ts). */
  answers?: Partial<Record<VerifyFlavour, Record<string, string>>>;
};

type Entry = { value: CachedSession | null; until: number; hash: string };

/**
 * The most entries one cache holds: 20 000 distinct credentials within one TTL (10 s by default)
 * is far beyond a homelab's or an office's traffic, and ≈ 20 MiB at most. Beyond it, the oldest
 * entries are looked up again (one indexed query each).
 */
export const DEFAULT_MAX_ENTRIES = 20_000;

/**
 * Keyed by the cookie value itself, so a hit costs no hashing; each entry remembers the SHA-256
 * (what the database and the revocation events know it by) for lookups in the other direction.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tokensByHash = new Map<string, string>();
  private revocations = 0;

  constructor(
    private readonly ttlMs: number,
    readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`SessionCache: maxEntries must be a positive whole number, not ${maxEntries}`);
  }

  /** Lookups answered from the cache and lookups that must ask the database (lib/metrics reads them). */
  hits = 0;
  misses = 0;

  /**
   * Changes with every revocation (forget, forgetUsers, clear). Read it before asking the
   * database and pass it to set(): an answer read while a revocation arrived is not kept as valid.
   */
  get epoch(): number {
    return this.revocations;
  }

  /** undefined: not cached (ask the database); null: cached as "no valid session". */
  get(token: string, now: number): CachedSession | null | undefined {
    const entry = this.entries.get(token);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    if (entry.until <= now) {
      this.remove(token, entry);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value;
  }

  /**
   * Remembers the database's answer for `token`. With `epoch` (this.epoch read before the
   * lookup), a valid session is not stored when a revocation came in between; a refusal always is.
   */
  set(token: string, hash: string, value: CachedSession | null, now: number, epoch?: number): void {
    if (this.ttlMs <= 0) return;
    if (value !== null && epoch !== undefined && epoch !== this.revocations) return;
    const previous = this.entries.get(token);
    if (previous) this.remove(token, previous);
    while (this.entries.size >= this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.remove(oldest, entry);
    }
    this.entries.set(token, { value, until: now + this.ttlMs, hash });
    this.tokensByHash.set(hash, token);
  }

  /** Forgets sessions by the hashes revocation events carry. */
  forget(tokenHashes: readonly string[]): void {
    this.revocations++;
    for (const hash of tokenHashes) {
      const token = this.tokensByHash.get(hash);
      const entry = token === undefined ? undefined : this.entries.get(token);
      if (token !== undefined && entry) this.remove(token, entry);
    }
  }

  forgetUsers(userIds: readonly string[]): void {
    this.revocations++;
    const ids = new Set(userIds);
    for (const [token, entry] of this.entries) if (entry.value && ids.has(entry.value.user.id)) this.remove(token, entry);
  }

  clear(): void {
    this.revocations++;
    this.entries.clear();
    this.tokensByHash.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(token: string, entry: Entry): void {
    this.entries.delete(token);
    if (this.tokensByHash.get(entry.hash) === token) this.tokensByHash.delete(entry.hash);
  }
}
