/**
 * Regulation of device-token guesses on the verify endpoint (the hot path), per client address.
 *
 * The verify endpoint may not write to the database or wait for it on a request (specs/verify.md),
 * so this guard keeps its state in memory and is synchronised with the database off the request
 * path (sync-address-guard.ts, every few seconds):
 *   - `isBanned(ip)` answers from memory: the bans in force in the database (any instance, any
 *     credential: an address banned for password guessing is banned here too) plus the bans this
 *     instance has just placed and not yet written;
 *   - `recordUnknown(ip, tokenHash)` counts a token that was never issued. Only DISTINCT unknown
 *     tokens count: a phone app retrying one mistyped token is not a guesser and must not ban its
 *     household's address; a guesser has to try a new token each time. Revoked or expired tokens
 *     (which did exist) are refused without being counted, for the same reason.
 *   - `drain()` hands the counted failures to the database writer, which records them in the same
 *     CredentialFailure/CredentialLock tables as every other credential check, so several
 *     instances count together and the ban survives a restart.
 *
 * Memory is bounded: at most `maxAddresses` addresses are tracked (the oldest are forgotten
 * first) and at most `policy.maxFailures` hashes per address.
 */
import type { RegulationPolicy } from '../config';

export type PendingFailures = { ip: string; count: number; at: number };

type Track = { hashes: Map<string, number>; pending: number; lastAt: number };

export class AddressGuard {
  private readonly tracks = new Map<string, Track>();
  /** ip → ban end (ms): from the database, plus bans placed here and not yet synchronised. */
  private bans = new Map<string, number>();
  private readonly local = new Map<string, number>();

  constructor(
    private readonly policy: RegulationPolicy,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Whether any address may be banned (ended bans count until the next synchronisation): else no address need be resolved. */
  get hasBans(): boolean {
    return this.bans.size > 0 || this.local.size > 0;
  }

  /** Is this address banned at `now`? A Map lookup: this runs on every device-token request while any ban is in force. */
  isBanned(ip: string, now: number): boolean {
    const until = this.bans.get(ip) ?? this.local.get(ip);
    return until !== undefined && until > now;
  }

  /**
   * A token that was never issued, from `ip`. Returns true when this failure bans the address
   * (locally at once; in the database at the next synchronisation).
   */
  recordUnknown(ip: string, tokenHash: string, now: number): boolean {
    if (this.isBanned(ip, now)) return false;
    let track = this.tracks.get(ip);
    if (track) {
      this.tracks.delete(ip); // re-inserted below: the Map's order is least recently failed first
    } else {
      track = { hashes: new Map(), pending: 0, lastAt: now };
      while (this.tracks.size >= this.maxAddresses) this.tracks.delete(this.tracks.keys().next().value!);
    }
    this.tracks.set(ip, track);
    for (const [hash, at] of track.hashes) if (at <= now - this.policy.windowMs) track.hashes.delete(hash);
    if (track.hashes.has(tokenHash)) return false;
    track.hashes.set(tokenHash, now);
    track.pending++;
    track.lastAt = now;
    if (track.hashes.size < this.policy.maxFailures) return false;
    this.local.set(ip, now + this.policy.banMs);
    track.hashes.clear();
    return true;
  }

  /** The failures counted since the last call, per address (at most `limit` addresses; the rest wait). */
  drain(limit = 100): PendingFailures[] {
    const out: PendingFailures[] = [];
    for (const [ip, track] of this.tracks) {
      if (track.pending === 0) continue;
      out.push({ ip, count: track.pending, at: track.lastAt });
      track.pending = 0;
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Failures that could not be written (database away): counted again at the next synchronisation. */
  restore(failures: PendingFailures[]): void {
    for (const f of failures) {
      const track = this.tracks.get(f.ip);
      if (track) track.pending += f.count;
    }
  }

  /**
   * The bans in force in the database (address → end), read after the pending failures were
   * written. Replaces the database view; local bans stay until the database shows them (or their
   * end passes). An address whose ban disappeared (lifted by an admin) starts counting afresh.
   */
  replaceBans(fromDatabase: Map<string, number>, now: number): void {
    for (const [ip] of this.bans) {
      if (!fromDatabase.has(ip)) this.tracks.delete(ip);
    }
    for (const [ip, until] of this.local) {
      if (until <= now || fromDatabase.has(ip)) this.local.delete(ip);
    }
    this.bans = fromDatabase;
  }

  /** An admin lifted the ban on this address (on this instance): it ends now, counts start afresh. */
  lift(ip: string): void {
    this.bans.delete(ip);
    this.local.delete(ip);
    this.tracks.delete(ip);
  }

  /** Whether some counted failures wait for drain(). */
  get hasPending(): boolean {
    for (const track of this.tracks.values()) if (track.pending > 0) return true;
    return false;
  }

  /** How many addresses are being tracked (for tests and the bench). */
  get trackedAddresses(): number {
    return this.tracks.size;
  }
}
