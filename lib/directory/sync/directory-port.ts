/**
 * What the sync needs from the directory and the database, in one place: the accounts to
 * check, reading one entry, telling an outage from an answer, the allowed-groups rule, and
 * applying an entry to an account (the same code a sign-in runs).
 */
import type { DirectoryConfig } from '../../config';
import type { Db } from '../../db';

export type SyncAccount = { id: string; username: string; status: string; directoryUid: string | null; directoryDn: string | null };

export type SyncEntry = { dn: string; uid: string; username: string; groups: string[]; disabled: boolean };

export type AppliedChange = { groupsAdded: string[]; groupsRemoved: string[]; profile: string[] };

export type DirectoryPort = {
  accounts(db: Db): Promise<SyncAccount[]>;
  /** The account's entry, null when the directory says it is not there; throws when it cannot say. */
  read(account: SyncAccount): Promise<SyncEntry | null>;
  /** True for an error that means the directory did not answer (down, refused, timed out, TLS failed). */
  isOutage(error: unknown): boolean;
  /** A message for the report (never a secret). */
  describe(error: unknown): string;
  allowed(entry: SyncEntry, directory: DirectoryConfig): boolean;
  apply(db: Db, account: SyncAccount, entry: SyncEntry): Promise<AppliedChange>;
};

export function directoryPort(_directory: DirectoryConfig): DirectoryPort {
  throw new Error('not yet');
}
