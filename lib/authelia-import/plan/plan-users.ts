/**
 * The users, groups and passwords of an import: what each Authelia user becomes, the duplicates
 * inside users_database.yml, and the clashes with users already in Gatehouse (by username or
 * email) resolved by the admin's choice — skip, or merge only with explicit consent.
 */
import { importedHashFormat } from '../../auth/password/imported-hash';
import type { DbOrTx } from '../../db';
import { ZDisplayName, ZEmail, ZGroupName, ZUsername } from '../../users/schemas';
import type { AutheliaUser, ImportChoices, ImportPlan, PlannedUser, PlanItem } from '../types';

/** An Authelia user the import carries over (created, merged or already there), by its lower-cased Authelia name. */
export type ImportedUser = { username: string; existingUserId: string | null; action: 'create' | 'update' | 'unchanged' };

type Existing = { id: string; username: string; email: string; displayName: string; status: string; passwordHash: string | null; groups: string[] };

async function findExisting(db: DbOrTx, usernames: string[], emails: string[]): Promise<Existing[]> {
  const rows = await db.user.findMany({
    where: { OR: [{ username: { in: usernames } }, { email: { in: emails } }] },
    select: {
      id: true,
      username: true,
      email: true,
      displayName: true,
      status: true,
      passwordHash: true,
      groups: { select: { group: { select: { name: true } } } },
    },
  });
  return rows.map(({ groups, ...user }) => ({ ...user, groups: groups.map((g) => g.group.name) }));
}

const counts = (values: (string | null)[]) => values.reduce((map, v) => (v === null ? map : map.set(v, (map.get(v) ?? 0) + 1)), new Map<string, number>());

type Candidate = { source: AutheliaUser; user: PlannedUser; problem: string | null };

function candidate(source: AutheliaUser): Candidate {
  const username = ZUsername.safeParse(source.username);
  const email = source.email === null ? null : ZEmail.safeParse(source.email);
  const displayName = ZDisplayName.safeParse(source.displayName);
  const groups = source.groups.map((g) => g.trim().toLowerCase());
  const user: PlannedUser = {
    username: username.success ? username.data : source.username.toLowerCase(),
    displayName: displayName.success ? displayName.data : source.username,
    email: email?.success ? email.data : null,
    disabled: source.disabled,
    groups: [...new Set(groups.filter((g) => ZGroupName.safeParse(g).success))],
    existingUserId: null,
  };
  let problem: string | null = null;
  if (!username.success) problem = `the username is not valid in Gatehouse: ${username.error.issues[0]?.message}`;
  else if (source.email === null) problem = 'it has no email address; Gatehouse needs one for every user';
  else if (!email?.success) problem = 'its email address is not valid';
  return { source, user, problem };
}

function sameAsExisting(user: PlannedUser, existing: Existing): boolean {
  return (
    existing.username === user.username &&
    existing.email === user.email &&
    existing.displayName === user.displayName &&
    existing.status === (user.disabled ? 'disabled' : 'active') &&
    user.groups.every((g) => existing.groups.includes(g))
  );
}

export async function planUsers(
  db: DbOrTx,
  sources: AutheliaUser[],
  choices: ImportChoices,
): Promise<Pick<ImportPlan, 'users' | 'groups' | 'passwords'> & { imported: Map<string, ImportedUser> }> {
  const candidates = sources.map(candidate);
  const nameCount = counts(candidates.map((c) => c.user.username));
  const emailCount = counts(candidates.map((c) => c.user.email));
  const existing = await findExisting(
    db,
    candidates.map((c) => c.user.username),
    candidates.flatMap((c) => (c.user.email ? [c.user.email] : [])),
  );
  const imported = new Map<string, ImportedUser>();
  const users: PlanItem<PlannedUser>[] = [];
  const passwords: ImportPlan['passwords'] = [];

  for (const { source, user, problem } of candidates) {
    const key = user.username;
    const item = (action: PlanItem<PlannedUser>['action'], detail: string, reason?: string) =>
      users.push({ key, action, detail, ...(reason && { reason }), data: user });
    const byName = existing.find((e) => e.username === user.username);
    const byEmail = existing.find((e) => e.email === user.email);
    const target = byName ?? byEmail;
    if (problem) item('refused', `users_database.yml line ${source.line}`, problem);
    else if ((nameCount.get(user.username) ?? 0) > 1)
      item(
        'refused',
        `users_database.yml line ${source.line}`,
        `the username ${user.username} appears more than once in users_database.yml (names are compared ignoring case)`,
      );
    else if ((emailCount.get(user.email!) ?? 0) > 1)
      item('refused', `users_database.yml line ${source.line}`, `the email ${user.email} belongs to more than one user in users_database.yml`);
    else if (byName && byEmail && byName.id !== byEmail.id) {
      item(
        'refused',
        'clashes with two Gatehouse users',
        `in Gatehouse the username belongs to ${byName.username} and the email to ${byEmail.username}; they cannot both be merged`,
      );
    } else if (!target) {
      item(
        'create',
        `new ${user.disabled ? 'disabled ' : ''}user ${user.displayName} <${user.email}>${user.groups.length ? `, groups ${user.groups.join(', ')}` : ''}`,
      );
    } else {
      user.existingUserId = target.id;
      const same = byName && byEmail ? 'username and email' : byName ? 'username' : 'email';
      if (sameAsExisting(user, target)) item('unchanged', `already in Gatehouse as ${target.username}`);
      else if (choices.onConflict === 'skip')
        item('skip', `already in Gatehouse as ${target.username}`, `a Gatehouse user has the same ${same}; skipped (choose merge to combine them)`);
      else if (!choices.mergeConsent)
        item('conflict', `already in Gatehouse as ${target.username}`, `a Gatehouse user has the same ${same}; merging needs explicit consent`);
      else {
        const added = user.groups.filter((g) => !target.groups.includes(g));
        const renamed = byName ? '' : ` (same email; the Authelia username ${user.username} is not kept: they sign in as ${target.username})`;
        item('update', `merged into the Gatehouse user ${target.username}${renamed}${added.length ? `: adds groups ${added.join(', ')}` : ''}`);
      }
    }
    const action = users.at(-1)!.action;
    if (action === 'create' || action === 'update' || action === 'unchanged')
      imported.set(source.username.toLowerCase(), { username: target?.username ?? user.username, existingUserId: user.existingUserId, action });
    passwords.push(planPassword(source, user.username, action, target));
  }
  const groups = await planGroups(db, users);
  const invalid = new Set(candidates.flatMap((c) => c.source.groups.map((g) => g.trim().toLowerCase()).filter((g) => !ZGroupName.safeParse(g).success)));
  for (const name of invalid) {
    groups.push({
      key: name,
      action: 'refused',
      reason: 'not a valid Gatehouse group name (letters, digits, - and _, at most 40)',
      detail: 'its members are imported without it',
      data: { name, existingGroupId: null },
    });
  }
  return { users, passwords, groups, imported };
}

function planPassword(
  source: AutheliaUser,
  key: string,
  userAction: PlanItem<unknown>['action'],
  target: Existing | undefined,
): ImportPlan['passwords'][number] {
  const check = importedHashFormat(source.passwordHash);
  const data = { username: key, format: check.ok ? check.format : 'argon2id', passwordHash: source.passwordHash } as const;
  if (userAction === 'unchanged') return { key, action: 'unchanged', detail: 'the user is already in Gatehouse', data };
  if (userAction !== 'create' && userAction !== 'update')
    return { key, action: 'skip', detail: 'the user is not imported', reason: 'the user is not imported', data };
  if (!check.ok) return { key, action: 'refused', detail: 'the user will need a new password (send them a link)', reason: check.reason, data };
  if (target?.passwordHash)
    return { key, action: 'skip', detail: 'the Gatehouse account keeps its own password', reason: 'the merged account already has a password', data };
  return {
    key,
    action: userAction,
    detail: `${check.format} hash, verified as it is and replaced by Gatehouse's argon2id at the first sign-in`,
    data,
  };
}

async function planGroups(db: DbOrTx, users: PlanItem<PlannedUser>[]): Promise<ImportPlan['groups']> {
  const names = [
    ...new Set(users.filter((u) => u.action === 'create' || u.action === 'update' || u.action === 'unchanged').flatMap((u) => u.data.groups)),
  ].sort();
  const existing = await db.group.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
  return names.map((name) => {
    const found = existing.find((g) => g.name === name);
    const members = users.filter((u) => u.data.groups.includes(name)).length;
    const admin = name === 'admins' ? ' — members of admins are Gatehouse administrators' : '';
    return {
      key: name,
      action: found ? 'unchanged' : 'create',
      detail: `${found ? 'existing' : 'new'} group with ${members} imported member${members === 1 ? '' : 's'}${admin}`,
      data: { name, existingGroupId: found?.id ?? null },
    };
  });
}
