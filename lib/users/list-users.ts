/** The admin user list: search, status filter, pages of 50, newest first. */
import type { Db } from '../db';
import type { Prisma } from '../generated/postgres/client';
import { USER_STATUSES, type UserStatus } from '../auth/account-gate';

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
  secondFactors: number;
  /** The linked Paperless account, once provisioned. */
  paperless: { username: string; hasToken: boolean } | null;
};

export function isUserStatus(value: string): value is UserStatus {
  return (USER_STATUSES as readonly string[]).includes(value);
}

export async function listUsers(
  db: Db,
  input: { query?: string; status?: UserStatus; page?: number },
): Promise<{ total: number; page: number; pages: number; users: UserListItem[] }> {
  const query = input.query?.trim().slice(0, 100);
  const where: Prisma.UserWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(query
      ? {
          OR: [
            { username: { contains: query.toLowerCase() } },
            { email: { contains: query.toLowerCase() } },
            { displayName: { contains: query } },
          ],
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
