/**
 * `npm run admin -- <command>` (scripts/start.mjs → dist/server.mjs admin): recovery for the
 * locked-out case, run at the server's shell (whoever can run it can read the database anyway). Each change is audited as done from the console.
 * Returns the lines to print and the exit code; nothing here reads process.env or argv itself.
 */
import type { Env } from '../config';
import type { Db } from '../db';
import { isAppError } from '../errors';
import { resetFactors } from '../mfa/reset-factors';
import { liftAllBans } from '../regulation/lift-all-bans';
import { CONSOLE_ACTOR, CONSOLE_META } from './console-actor';
import { createConsoleAdmin } from './create-console-admin';
import { issueConsolePasswordLink } from './issue-console-password-link';
import { listAdmins } from './list-admins';

export const ADMIN_COMMAND_USAGE = `Usage: npm run admin -- <command>

  list-admins                                 who is in the admins group, and whether they can sign in
  password-link <username>                    print a one-time link to set that user's password
  reset-factors <username>                    remove the user's second factors and recovery codes
  lift-bans                                   lift every ban (users, login names, clients, addresses)
  create-admin <username> <email> [name …]    create an admin and print their set-password link

Changes are audited as done by "server console" and reach a running portal within 10 seconds.`;

export type AdminCommandResult = { code: 0 | 1 | 2; lines: string[] };

const usage = (problem: string): AdminCommandResult => ({ code: 2, lines: [problem, '', ADMIN_COMMAND_USAGE] });

async function findUserId(db: Db, username: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { username: username.toLowerCase() }, select: { id: true } });
  return user?.id ?? null;
}

async function run(db: Db, env: Env, command: string, args: string[]): Promise<AdminCommandResult> {
  const linkInput = { baseUrl: env.url, passwordLinkTtlMs: env.passwordLinkTtlMs };
  switch (command) {
    case 'list-admins': {
      const admins = await listAdmins(db);
      if (!admins.length) return { code: 0, lines: ['No admin exists. Create one with: npm run admin -- create-admin <username> <email> [name]'] };
      return {
        code: 0,
        lines: admins.map(
          (a) =>
            `${a.username}  <${a.email}>  ${a.status}  ${a.hasPassword ? 'password set' : 'no password'}  ${a.secondFactors} second factor(s)  last sign-in ${a.lastSignInAt?.toISOString() ?? 'never'}`,
        ),
      };
    }
    case 'password-link': {
      if (args.length !== 1) return usage('password-link needs exactly one username.');
      const link = await issueConsolePasswordLink(db, { ...linkInput, username: args[0]! });
      return {
        code: 0,
        lines: [`One-time link to set ${args[0]!.toLowerCase()}'s password (valid until ${link.expiresAt.toISOString()}):`, '', `  ${link.url}`],
      };
    }
    case 'reset-factors': {
      if (args.length !== 1) return usage('reset-factors needs exactly one username.');
      const userId = await findUserId(db, args[0]!);
      if (!userId) return { code: 1, lines: [`No user is called "${args[0]}".`] };
      const { removed } = await resetFactors(db, { userId, actor: CONSOLE_ACTOR, meta: CONSOLE_META, env });
      return {
        code: 0,
        lines: [`Removed ${removed} second factor(s) and the recovery codes of ${args[0]!.toLowerCase()}; they add a new one at their next sign-in.`],
      };
    }
    case 'lift-bans': {
      if (args.length) return usage('lift-bans takes no arguments.');
      const { lifted } = await liftAllBans(db, { actor: CONSOLE_ACTOR, meta: CONSOLE_META });
      return { code: 0, lines: [lifted ? `Lifted ${lifted} ban(s).` : 'No ban is in force.'] };
    }
    case 'create-admin': {
      if (args.length < 2) return usage('create-admin needs a username and an email address.');
      const [username, email, ...name] = args as [string, string, ...string[]];
      const created = await createConsoleAdmin(db, { ...linkInput, username, email, displayName: name.join(' ') || username });
      return { code: 0, lines: [`Created the admin ${created.username}. Open this one-time link to set the password:`, '', `  ${created.url}`] };
    }
    default:
      return usage(command ? `Unknown command "${command}".` : 'Name a command.');
  }
}

export async function runAdminCommand(db: Db, env: Env, argv: string[]): Promise<AdminCommandResult> {
  const [command = '', ...args] = argv;
  try {
    return await run(db, env, command, args);
  } catch (error) {
    if (isAppError(error)) return { code: 1, lines: [error.userMessage] };
    throw error;
  }
}
