/**
 * What only the database can tell about an application: its users and groups exist, no other
 * application has its short name or one of its hosts, at most one is Paperless. Asked by the form
 * (field errors) and again inside the saving transaction, which holds the applications lock.
 */
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import { hostOfOrigin } from './canonical-origin';
import { listApplications } from './list-applications';
import type { TApplicationInput } from './types';

export async function findApplicationConflicts(db: DbOrTx, input: TApplicationInput, selfId: string | null): Promise<Record<string, string>> {
  const problems: Record<string, string> = {};
  const others = (await listApplications(db)).applications.filter((app) => app.id !== selfId);
  const sameSlug = others.find((app) => app.slug === input.slug);
  if (sameSlug) problems.slug = `The application "${sameSlug.name}" already has the short name ${input.slug}. Choose another.`;
  const hosts = new Set(input.urls.map(hostOfOrigin));
  for (const app of others) {
    const shared = app.urls.map(hostOfOrigin).find((host) => hosts.has(host));
    if (shared) {
      problems.urls = `${shared} belongs to the application "${app.name}" already: a host can belong to one application only.`;
      break;
    }
  }
  const paperless = others.find((app) => app.kind === 'paperless');
  if (input.kind === 'paperless' && paperless) problems.kind = `"${paperless.name}" is already the Paperless application: there can be only one.`;
  const missing = await missingSubjects(db, input.subjects);
  if (missing.length)
    problems.subjects = `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist (any more). Remove ${missing.length === 1 ? 'it' : 'them'}.`;
  return problems;
}

/** Throws the first conflict as a field error. */
export async function assertNoApplicationConflicts(db: DbOrTx, input: TApplicationInput, selfId: string | null): Promise<void> {
  const [field, message] = Object.entries(await findApplicationConflicts(db, input, selfId))[0] ?? [];
  if (field && message) throw new AppError('CONFLICT', message, field);
}

async function missingSubjects(db: DbOrTx, subjects: string[]): Promise<string[]> {
  const usernames = subjects.filter((s) => s.startsWith('user:')).map((s) => s.slice(5));
  const groupNames = subjects.filter((s) => s.startsWith('group:')).map((s) => s.slice(6));
  const users = usernames.length ? await db.user.findMany({ where: { username: { in: usernames } }, select: { username: true } }) : [];
  const groups = groupNames.length ? await db.group.findMany({ where: { name: { in: groupNames } }, select: { name: true } }) : [];
  const found = new Set([...users.map((u) => `user:${u.username}`), ...groups.map((g) => `group:${g.name}`)]);
  return subjects.filter((s) => !found.has(s));
}
