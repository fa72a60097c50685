/**
 * What the sync needs from the directory and the database, in one place: the accounts to
 * check, reading one entry again (core's readDirectoryEntry: by its stable id, through the
 * pooled service connection), telling "the directory did not answer" from an answer, the
 * allowed-groups rule, and applying an entry to an account (core's applyDirectoryUser, the same
 * code a sign-in runs). The sync takes it as a parameter, so a test can hold a run at a step.
 */
import type { DirectoryConfig } from '../../config';
import type { Db } from '../../db';
import { AppError, isAppError } from '../../errors';
import { applyDirectoryUser } from '../apply-directory-user';
import { DirectoryError } from '../directory-error';
import { judgeDirectoryGroups } from '../directory-groups';
import type { DirectoryUser } from '../map-directory-entry';
import { readDirectoryEntry } from '../read-directory-entry';

export type SyncAccount = { id: string; username: string; status: string; directoryUid: string | null; directoryDn: string | null };

export type AppliedChange = { groupsAdded: string[]; groupsRemoved: string[]; profile: string[] };

export type DirectoryPort = {
  accounts(db: Db): Promise<SyncAccount[]>;
  /** The account's entry, null when the directory says it is not there; throws when it cannot say. */
  read(account: SyncAccount): Promise<DirectoryUser | null>;
  /** True for an error that means the directory did not answer (down, refused, timed out, TLS, service bind). */
  isOutage(error: unknown): boolean;
  /** A message for the report (never a secret). */
  describe(error: unknown): string;
  /** In an allowed group (or none are configured): the rule sign-in applies. */
  allowed(entry: DirectoryUser): boolean;
  apply(db: Db, account: SyncAccount, entry: DirectoryUser): Promise<AppliedChange>;
};

const PROFILE = { email: true, displayName: true, directoryDn: true } as const;

/** Applies the entry as a sign-in does (one transaction), tells the caches after commit, and says what changed. */
async function applyEntry(db: Db, account: SyncAccount, entry: DirectoryUser, directory: DirectoryConfig): Promise<AppliedChange> {
  const { applied, before, after } = await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: account.id }, select: PROFILE });
    const applied = await applyDirectoryUser(tx, account.id, entry, directory);
    const after = await tx.user.findUniqueOrThrow({ where: { id: account.id }, select: PROFILE });
    return { applied, before, after };
  });
  const profile = (Object.keys(PROFILE) as (keyof typeof PROFILE)[]).filter((key) => before[key] !== after[key]);
  return { groupsAdded: applied.added, groupsRemoved: applied.removed, profile };
}

export function directoryPort(directory: DirectoryConfig): DirectoryPort {
  return {
    accounts: (db) =>
      db.user.findMany({
        where: { authSource: 'directory', status: { in: ['active', 'pending'] } },
        select: { id: true, username: true, status: true, directoryUid: true, directoryDn: true },
        orderBy: { username: 'asc' },
      }),
    async read(account) {
      // An account without a stable id cannot be found again: it is reported, never taken as gone.
      if (!account.directoryUid) throw new AppError('CONFLICT', 'the account has no directory id yet (it is found again at its next sign-in)');
      return readDirectoryEntry(directory, { uid: account.directoryUid });
    },
    isOutage: (error) => error instanceof DirectoryError && error.failure !== 'protocol',
    describe(error) {
      if (error instanceof DirectoryError) return error.adminMessage;
      if (isAppError(error)) return error.userMessage;
      console.error('[gatehouse] directory sync:', error);
      return 'an unexpected error (details in the server log)';
    },
    allowed: (entry) => judgeDirectoryGroups(directory, entry.groups).allowed,
    apply: (db, account, entry) => applyEntry(db, account, entry, directory),
  };
}
