/**
 * The directory's half of password sign-in (LDAP / Active Directory): find the one entry the
 * login names through the pooled service connection, bind as that entry's DN with the typed
 * password on a pooled bind connection, then create or update the Gatehouse account
 * (lib/directory/provision-directory-user.ts). The password goes only to the directory.
 *
 * - An empty password is refused before any bind (many servers take a DN with no password as an
 *   anonymous bind and answer "success").
 * - No entry, a wrong password, two entries for one login: counted like a wrong password. A login
 *   that names no entry still costs one bind, as a wrong password does (decoyBind), so the time of
 *   the answer does not tell whether the name exists.
 * - An entry whose Gatehouse account the login did not name (found by its stable id): that account
 *   is admitted through regulation too before the bind (AdmitAccount), so its lock holds whatever
 *   the spelling; while it is banned the entry is not bound.
 * - A disabled entry with its right password (read as disabled, or Active Directory refusing the
 *   bind as "account disabled" or "account expired"): refused as disabled, not counted.
 * - Active Directory's "password expired", "password must be changed" (right password only) and
 *   "account locked out": refused with what to do, not counted (the directory decides; a locked
 *   account is refused whatever the password, so nothing is learnt from the answer).
 * - The directory cannot answer (down, hanging past GATEHOUSE_LDAP_TIMEOUT, TLS refused): a clear
 *   "directory unreachable", not counted; the admin-facing reason goes to the audit event and log.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { bindAsDirectoryUser } from '../../directory/directory-pool';
import { DirectoryError } from '../../directory/directory-error';
import { directoryLoginOf } from '../../directory/directory-login';
import type { DirectorySettings } from '../../directory/directory-settings';
import { findDirectoryEntry, withDirectoryGroups } from '../../directory/find-directory-user';
import { provisionDirectoryUser } from '../../directory/provision-directory-user';
import type { AccountUser, PasswordAccount, PasswordVerdict } from './password-backend';

/** What a user is told when Active Directory refuses a bind for a reason of its own. */
export const AD_REFUSAL_MESSAGES = {
  password_expired:
    'Your directory password has expired. Change it where your organisation changes passwords (for example at a Windows sign-in), then sign in again.',
  password_must_change:
    'Your directory password must be changed before you can sign in. Change it where your organisation changes passwords (for example at a Windows sign-in), then sign in again.',
  locked: 'Your directory account is locked out. Try again later, or ask an administrator to unlock it.',
} as const;

export const AMBIGUOUS_LOGIN = 'This username matches more than one directory account, so it cannot sign in. Ask an administrator.';

/**
 * One bind that cannot succeed, in place of the bind a found entry would cost: a DN under the user
 * base that names no entry (a random cn), with a random password — the typed password never goes
 * to the directory for nobody. Its answer is ignored: the login is refused whatever it says.
 */
async function decoyBind(settings: DirectorySettings): Promise<void> {
  const dn = `cn=gatehouse-no-entry-${randomBytes(8).toString('hex')},${settings.userBase}`;
  await bindAsDirectoryUser(settings, dn, randomBytes(18).toString('base64url')).catch(() => undefined);
}

function unavailable(error: DirectoryError): PasswordVerdict {
  console.error(`[gatehouse] directory sign-in: ${error.adminMessage}`);
  return { ok: false, counted: false, reason: `directory_${error.failure}`, message: error.userMessage, detail: error.adminMessage };
}

/**
 * The Gatehouse account of a directory entry, by its stable id (one indexed read). Read with a
 * random id when no entry was found, so that the answer takes as long either way.
 */
async function accountOfEntry(db: Db, uid: string | null): Promise<AccountUser | null> {
  return db.user.findUnique({
    where: { directoryUid: uid ?? `gatehouse-no-entry-${randomBytes(8).toString('hex')}` },
    select: { id: true, username: true, status: true },
  });
}

/** The account a login may be in the directory; `user` is its Gatehouse account when the login names one already. */
export function directoryAccount(db: Db, settings: DirectorySettings, login: string, user: AccountUser | null, meta: RequestMeta): PasswordAccount {
  const named = directoryLoginOf(settings, login);
  return {
    user,
    // Every spelling of one directory username is one login name to count (before it has an account).
    countAs: named?.by === 'username' ? named.value : login,
    async check(password, admitAccount) {
      let known = user;
      const wrong = (reason: 'wrong_password' | 'unknown_user'): PasswordVerdict => ({ ok: false, counted: true, reason: known ? 'wrong_password' : reason });
      if (password === '') return wrong('unknown_user');
      try {
        // The entry without its groups: they are read only once the password is right.
        const found = await findDirectoryEntry(settings, login);
        if (found.status === 'ambiguous') return { ok: false, counted: true, reason: 'ambiguous', message: AMBIGUOUS_LOGIN };
        if (!known) {
          // A spelling no Gatehouse account has (an explicit userPrincipalName that is not
          // <sAMAccountName>@realm, a name renamed in the directory since the last sign-in) can
          // still mean an account: it is admitted and counted too, before the bind, so such a
          // spelling neither escapes its lock nor reaches the directory while it is banned.
          known = await accountOfEntry(db, found.status === 'found' ? found.user.uid : null);
          if (known) {
            const gate = await admitAccount(known);
            if (!gate.admitted) return { ok: false, counted: false, reason: 'banned', message: gate.message };
          }
        }
        if (found.status !== 'found') {
          await decoyBind(settings);
          return wrong('unknown_user');
        }
        const bind = await bindAsDirectoryUser(settings, found.user.dn, password);
        if (bind === 'refused') return wrong('wrong_password');
        if (bind === 'password_expired' || bind === 'password_must_change' || bind === 'locked')
          return { ok: false, counted: false, reason: `directory_${bind}`, message: AD_REFUSAL_MESSAGES[bind] };
        // Active Directory refuses the bind of a disabled or expired account (only with its right
        // password): the entry is disabled, whatever the look-up read a moment before.
        const disabledBy = bind === 'disabled' ? 'userAccountControl' : bind === 'account_expired' ? 'accountExpires' : null;
        const user = await withDirectoryGroups(settings, found);
        const entry = disabledBy ? { ...user, disabled: true, disabledBy: user.disabledBy ?? disabledBy } : user;
        const provisioned = await provisionDirectoryUser(db, settings, entry, meta);
        if (!provisioned.ok) return { ok: false, counted: false, reason: `directory_${provisioned.reason}`, message: provisioned.message };
        return { ok: true, user: provisioned.user, upkeep: async () => ({ userData: {}, audit: { source: 'directory', created: provisioned.created } }) };
      } catch (error) {
        if (error instanceof DirectoryError) return unavailable(error);
        throw error;
      }
    },
  };
}
