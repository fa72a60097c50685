/** The admin user list: search, status and group filters, pages of 50, newest first. */
import { dialectOf, type Db } from '../db';
import type { Prisma } from '../generated/postgres/client';
import { USER_STATUSES, type UserStatus } from '../auth/account-gate';
import { searchText } from '../text/search-text';

export const USERS_PAGE_SIZE = 50;

export type UserListItem = {
  id: string;
  username: string;
  email: string;
  displayName: string;
  status: string;
  groups: string[];
  createdAt: Date;
  lastSignInAt: Date | null;
  hasPassword: boolean;
  /** local | directory (the directory checks the password: no password link). */
  authSource: string;
  secondFactors: number;
  /** The linked Paperless account, once provisioned. */
  paperless: { username: string; hasToken: boolean } | null;
};

/** Prisma's `contains` is SQL LIKE without an escape: `%`, `_` (and `\\` on PostgreSQL) would act as wildcards. */
const LIKE_WILDCARD = /[%_\\]/;
const MAX_LITERAL_MATCHES = 10_000;

/**
 * The rare search with a LIKE wildcard in it, matched as plain text: a parameterised substring
 * test (instr / strpos) on the same three columns. The value is bound, never spliced into SQL.
 */
async function idsContainingLiterally(db: Db, query: string): Promise<string[]> {
  const lower = query.toLowerCase();
  const rows =
    dialectOf(db) === 'postgresql'
      ? await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT "id" FROM "User" WHERE strpos("username", $1) > 0 OR strpos("email", $1) > 0 OR strpos("displayName", $2) > 0 LIMIT ${MAX_LITERAL_MATCHES}`,
          lower,
          query,
        )
      : await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT "id" FROM "User" WHERE instr("username", ?) > 0 OR instr("email", ?) > 0 OR instr("displayName", ?) > 0 LIMIT ${MAX_LITERAL_MATCHES}`,
          lower,
          lower,
          query,
        );
  return rows.map((r) => r.id);
}

export function isUserStatus(value: string): value is UserStatus {
  return (USER_STATUSES as readonly string[]).includes(value);
}

export async function listUsers(
  db: Db,
  input: { query?: string; status?: UserStatus; group?: string; page?: number },
): Promise<{ total: number; page: number; pages: number; users: UserListItem[] }> {
  const query = searchText(input.query, 100);
  // The group by name first (unique index), then members by groupId (UserGroup's index).
  const group = input.group ? await db.group.findUnique({ where: { name: input.group }, select: { id: true } }) : null;
  if (input.group && !group) return { total: 0, page: 1, pages: 1, users: [] };
  const where: Prisma.UserWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(group ? { groups: { some: { groupId: group.id } } } : {}),
    ...(query && LIKE_WILDCARD.test(query)
      ? { id: { in: await idsContainingLiterally(db, query) } }
      : query
        ? {
            OR: [{ username: { contains: query.toLowerCase() } }, { email: { contains: query.toLowerCase() } }, { displayName: { contains: query } }],
          }
        : {}),
  };
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page ?? 1), pages);
  const rows = await db.user.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * USERS_PAGE_SIZE,
    take: USERS_PAGE_SIZE,
    select: {
      id: true,
      username: true,
      email: true,
      displayName: true,
      status: true,
      createdAt: true,
      lastSignInAt: true,
      passwordHash: true,
      authSource: true,
      groups: { select: { group: { select: { name: true } } } },
      _count: { select: { secondFactors: true } },
      paperless: { select: { paperlessUsername: true, tokenObtainedAt: true } },
    },
  });
  return {
    total,
    page,
    pages,
    users: rows.map(({ passwordHash, groups, _count, paperless, ...row }) => ({
      ...row,
      paperless: paperless ? { username: paperless.paperlessUsername, hasToken: paperless.tokenObtainedAt !== null } : null,
      groups: groups.map((g) => g.group.name).sort(),
      hasPassword: passwordHash !== null,
      secondFactors: _count.secondFactors,
    })),
  };
}
