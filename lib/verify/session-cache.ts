/**
 * The verify endpoint's memory of sessions: cookie hash → who it belongs to, for a short time
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
};

type Entry = { value: CachedSession | null; until: number };

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** undefined: not cached (ask the database); null: cached as "no valid session". */
  get(tokenHash: string, now: number): CachedSession | null | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.value;
  }

  set(tokenHash: string, value: CachedSession | null, now: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { value, until: now + this.ttlMs });
  }

  forget(tokenHashes: readonly string[]): void {
    for (const hash of tokenHashes) this.entries.delete(hash);
  }

  forgetUsers(userIds: readonly string[]): void {
    const ids = new Set(userIds);
    for (const [hash, entry] of this.entries) if (entry.value && ids.has(entry.value.user.id)) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
