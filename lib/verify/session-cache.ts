/**
 * The verify endpoint's memory of sessions: cookie → who it belongs to, for a short time
 * (GATEHOUSE_VERIFY_CACHE_TTL). A hit costs no database work; a revocation on this instance
 * removes the entry at once (lib/sessions/revocation-bus.ts), other instances forget it when
 * the entry expires. Unknown and refused cookies are remembered too (as null), so a flood of
 * forged cookies cannot turn into a flood of queries. Size is bounded; the oldest entry goes first.
 */
import type { AuthLevel } from '../sessions/session-policy';

export type CachedSession = {
  sessionId: string;
  level: AuthLevel;
  /** Epoch ms. */
  expiresAt: number;
  lastSeenAt: number;
  user: { id: string; username: string; displayName: string; email: string; groups: string[] };
  /** A device token works only for this host (Paperless's public host name; any port). */
  onlyHost?: string;
  /** The Remote-* answer headers, filled in on first use (lib/verify/verify-request.ts). */
  headers?: Record<string, string>;
  /** Device tokens: the answer headers for forward auth, when they differ from `headers`. */
  forwardAuthHeaders?: Record<string, string>;
  /** Device tokens: `headers` without the upstream-only ones, for a peer that is not a trusted proxy (filled in on first use). */
  untrustedHeaders?: Record<string, string>;
};

type Entry = { value: CachedSession | null; until: number; hash: string };

/**
 * Keyed by the cookie value itself, so a hit costs no hashing; each entry remembers the SHA-256
 * (what the database and the revocation events know it by) for lookups in the other direction.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tokensByHash = new Map<string, string>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** undefined: not cached (ask the database); null: cached as "no valid session". */
  get(token: string, now: number): CachedSession | null | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.remove(token, entry);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, hash: string, value: CachedSession | null, now: number): void {
    if (this.ttlMs <= 0) return;
    const previous = this.entries.get(token);
    if (previous) this.remove(token, previous);
    if (this.entries.size >= this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value ?? [];
      if (oldest !== undefined && entry) this.remove(oldest, entry);
    }
    this.entries.set(token, { value, until: now + this.ttlMs, hash });
    this.tokensByHash.set(hash, token);
  }

  /** Forgets sessions by the hashes revocation events carry. */
  forget(tokenHashes: readonly string[]): void {
    for (const hash of tokenHashes) {
      const token = this.tokensByHash.get(hash);
      const entry = token === undefined ? undefined : this.entries.get(token);
      if (token !== undefined && entry) this.remove(token, entry);
    }
  }

  forgetUsers(userIds: readonly string[]): void {
    const ids = new Set(userIds);
    for (const [token, entry] of this.entries) if (entry.value && ids.has(entry.value.user.id)) this.remove(token, entry);
  }

  clear(): void {
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
