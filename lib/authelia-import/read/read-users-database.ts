/**
 * Reads Authelia's users_database.yml (the file authentication backend):
 *
 *   users:
 *     john:
 *       displayname: John Doe
 *       password: $argon2id$v=19$m=65536,t=3,p=4$…
 *       email: john@example.com
 *       groups: [admins, dev]
 *       disabled: false
 *
 * Usernames and emails are compared as Authelia does with case-insensitive search: lower-cased.
 * Duplicates are kept here and reported by the plan.
 */
import type { AutheliaUser, ReadProblem } from '../types';
import { bool, field, isRecord, parseLimitedYaml, str, strList } from './limited-yaml';
import { readError } from './read-error';

export const MAX_USERS = 10_000;

export function readUsersDatabase(text: string, file = 'users_database.yml'): { users: AutheliaUser[]; problems: ReadProblem[] } {
  const { value, lineOf } = parseLimitedYaml(text, file);
  const users = field(value, 'users');
  if (!isRecord(users)) throw readError(`${file} has no users mapping.`);
  const names = Object.keys(users);
  if (names.length > MAX_USERS) throw readError(`${file} has ${names.length} users; at most ${MAX_USERS} are imported at once.`);
  const problems: ReadProblem[] = [];
  const read: AutheliaUser[] = [];
  for (const username of names) {
    const entry = users[username];
    const line = lineOf(['users', username]) ?? 0;
    const password = str(field(entry, 'password'));
    if (!isRecord(entry) || !password) {
      problems.push({ where: file, line, message: `the user ${JSON.stringify(username)} has no password entry and is left out` });
      continue;
    }
    const email = str(field(entry, 'email'))?.trim().toLowerCase() || null;
    read.push({
      username,
      displayName: str(field(entry, 'displayname'))?.trim() || username,
      email,
      groups: [
        ...new Set(
          strList(field(entry, 'groups'))
            .map((group) => group.trim())
            .filter(Boolean),
        ),
      ],
      disabled: bool(field(entry, 'disabled')),
      passwordHash: password.trim(),
      line,
    });
  }
  return { users: read, problems };
}
