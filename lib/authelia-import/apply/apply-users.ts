/**
 * Users and their groups and password hashes. A user this import created before (signupMethod
 * authelia-import) is brought in step; an account Gatehouse already had is a conflict: skipped,
 * or merged only with the admin's explicit consent. Password hashes are stored as Authelia wrote
 * them (the password backend verifies them as they are and re-hashes at the first sign-in), and
 * only where the account has none: a re-import never undoes a password changed (or re-hashed)
 * in Gatehouse since, which also keeps a second import of the same folder from changing anything.
 */
import { ZDisplayName, ZEmail, ZGroupName, ZUsername } from '../../users/schemas';
import { type ApplyContext, mayMerge, record } from './apply-context';
import { type ApplyUser, IMPORT_SIGNUP_METHOD } from './apply-input';

type Existing = { id: string; username: string; email: string; displayName: string; status: string; signupMethod: string; passwordHash: string | null };

const SELECT = { id: true, username: true, email: true, displayName: true, status: true, signupMethod: true, passwordHash: true } as const;

function canonical(user: ApplyUser): { ok: true; user: ApplyUser } | { ok: false; reason: string } {
  const username = ZUsername.safeParse(user.username);
  if (!username.success) return { ok: false, reason: `the username is not valid in Gatehouse: ${username.error.issues[0]?.message}` };
  const email = ZEmail.safeParse(user.email);
  if (!email.success) return { ok: false, reason: `the email address is not valid: ${email.error.issues[0]?.message}` };
  const displayName = ZDisplayName.safeParse(user.displayName || user.username);
  if (!displayName.success) return { ok: false, reason: `the display name is not valid: ${displayName.error.issues[0]?.message}` };
  return { ok: true, user: { ...user, username: username.data, email: email.data, displayName: displayName.data } };
}

const sameAs = (user: ApplyUser, existing: Existing, groups: string[]): boolean =>
  existing.displayName === user.displayName &&
  existing.email === user.email &&
  existing.status === (user.disabled ? 'disabled' : 'active') &&
  user.groups.every((g) => groups.includes(g));

/** Writes the user; returns the Gatehouse account its factors and groups go to, or null when it is left alone. */
async function writeUser(context: ApplyContext, user: ApplyUser, existing: Existing | null): Promise<string | null> {
  const { tx } = context;
  const status = user.disabled ? 'disabled' : 'active';
  if (!existing) {
    const created = await tx.user.create({
      data: {
        username: user.username,
        email: user.email,
        displayName: user.displayName,
        status,
        signupMethod: IMPORT_SIGNUP_METHOD,
        passwordHash: user.passwordHash,
      },
      select: { id: true },
    });
    record(context, 'users', user.username, 'created');
    if (user.passwordHash) record(context, 'passwords', user.username, 'created');
    return created.id;
  }
  const owned = existing.signupMethod === IMPORT_SIGNUP_METHOD;
  if (!owned && !mayMerge(context.choices)) {
    // Without consent nothing of Authelia's reaches an account Gatehouse already had, not even
    // when it looks the same: its factors and password stay out.
    const groups = (await tx.userGroup.findMany({ where: { userId: existing.id }, select: { group: { select: { name: true } } } })).map((g) => g.group.name);
    const reason = 'a Gatehouse account has this username or email; choose "merge" (with consent) to combine them';
    record(context, 'users', user.username, sameAs(user, existing, groups) ? 'unchanged' : 'skipped', reason);
    if (user.passwordHash) record(context, 'passwords', user.username, 'skipped', reason);
    return null;
  }
  // A merged account keeps its username and email (they may be how its owner signs in elsewhere).
  const data: { displayName?: string; email?: string; status?: string; statusChangedAt?: Date; passwordHash?: string } = {};
  if (existing.displayName !== user.displayName) data.displayName = user.displayName;
  if (owned && existing.email !== user.email) data.email = user.email;
  if (existing.status !== status && (existing.status === 'active' || existing.status === 'disabled')) {
    data.status = status;
    data.statusChangedAt = new Date();
  }
  if (user.passwordHash && !existing.passwordHash) data.passwordHash = user.passwordHash;
  if (Object.keys(data).length > 0) await tx.user.update({ where: { id: existing.id }, data, select: { id: true } });
  const changed = Object.keys(data).some((k) => k !== 'passwordHash');
  const note = owned ? undefined : `merged into the Gatehouse account ${existing.username}`;
  record(context, 'users', user.username, changed ? 'updated' : 'unchanged', note);
  if (user.passwordHash) {
    if (data.passwordHash) record(context, 'passwords', user.username, 'created');
    else record(context, 'passwords', user.username, 'unchanged', "the Gatehouse account's own password is kept");
  }
  return existing.id;
}

async function writeGroups(context: ApplyContext, members: Map<string, string[]>): Promise<void> {
  const { tx } = context;
  for (const [raw, userIds] of [...members].sort(([a], [b]) => a.localeCompare(b))) {
    const name = ZGroupName.safeParse(raw);
    if (!name.success) {
      record(context, 'groups', raw, 'refused', 'the group name is not valid in Gatehouse (letters, digits, dashes, underscores; at most 40)');
      continue;
    }
    let group = await tx.group.findUnique({ where: { name: name.data }, select: { id: true } });
    const created = !group;
    group ??= await tx.group.create({ data: { name: name.data }, select: { id: true } });
    const present = new Set((await tx.userGroup.findMany({ where: { groupId: group.id }, select: { userId: true } })).map((m) => m.userId));
    const missing = userIds.filter((id) => !present.has(id));
    if (missing.length) await tx.userGroup.createMany({ data: missing.map((userId) => ({ userId, groupId: group.id })) });
    record(context, 'groups', name.data, created ? 'created' : missing.length ? 'updated' : 'unchanged');
  }
}

export async function applyUsers(context: ApplyContext, users: ApplyUser[]): Promise<void> {
  const members = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const raw of users) {
    const parsed = canonical(raw);
    if (!parsed.ok) {
      record(context, 'users', raw.username, 'refused', parsed.reason);
      continue;
    }
    const user = parsed.user;
    if (seen.has(user.username) || seen.has(`@${user.email}`)) {
      record(context, 'users', user.username, 'refused', 'the username or email appears twice in users_database.yml');
      continue;
    }
    seen.add(user.username).add(`@${user.email}`);
    // The same account the plan found: by username, else by email (lib/authelia-import/plan/plan-users.ts).
    const byName = await context.tx.user.findUnique({ where: { username: user.username }, select: SELECT });
    const byEmail = await context.tx.user.findUnique({ where: { email: user.email }, select: SELECT });
    if (byName && byEmail && byName.id !== byEmail.id) {
      record(context, 'users', user.username, 'refused', `in Gatehouse the username belongs to ${byName.username} and the email to ${byEmail.username}`);
      continue;
    }
    const existing = byName ?? byEmail;
    const userId = await writeUser(context, user, existing);
    if (!userId) continue;
    // Factors name the Gatehouse account they go to (the plan's PlannedTotp/PlannedWebAuthn.username).
    context.users.set(existing?.username ?? user.username, userId);
    for (const group of new Set(user.groups.map((g) => g.trim().toLowerCase()))) members.set(group, [...(members.get(group) ?? []), userId]);
  }
  await writeGroups(context, members);
}
