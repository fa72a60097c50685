/**
 * Applies an Authelia import plan (lib/authelia-import/plan) in ONE transaction: users, groups,
 * password hashes, TOTP seeds, WebAuthn credentials, access rules and the default policy, settings
 * and OpenID Connect clients all commit together with the audit events, or nothing does. SQLite
 * opens it with BEGIN IMMEDIATE (lib/db); on PostgreSQL it holds the import's advisory lock and the
 * settings lock (lib/settings/save-stored-variables.ts) and the applications lock, so two imports,
 * or an import and a settings or application save, cannot interleave.
 *
 * Each step decides again, inside the transaction, what its items do against the data as it is
 * then: a second import of the same folder finds everything "unchanged", writes nothing and
 * records no event. An account Gatehouse already had is skipped, or merged only when the choices
 * say merge AND the admin consented. The audit event carries counts and usernames, never a secret
 * (no hash, seed, digest or password is ever put in it).
 */
import { logEvent, type AuditParty } from '../../audit/log-event';
import { type Env, getEnv } from '../../config';
import { type Db, dialectOf, type Tx } from '../../db';
import { AppError } from '../../errors';
import { NO_REQUEST_META, type RequestMeta } from '../../http/request-meta-types';
import { applyStoredSettings } from '../../settings/apply-stored-settings';
import { IMPORT_CATEGORIES, type ImportChoices, type ImportPlan } from '../types';
import { type ApplyContext, emptyItems } from './apply-context';
import { applyTotp, applyWebauthn } from './apply-factors';
import type { ApplyResult } from './apply-input';
import { applyOidcClients } from './apply-oidc-clients';
import { applyRules } from './apply-rules';
import { applySettings } from './apply-settings';
import { applyUsers } from './apply-users';
import { auditDataOf, countsOf, wroteSomething } from './summarise';
import { applyInputOf } from './plan-to-input';

export type ApplyOptions = { meta?: RequestMeta; env?: Pick<Env, 'secrets'> };

const LOCKS = ['gatehouse.authelia-import', 'gatehouse.settings'];

async function lock(db: Db, tx: Tx): Promise<void> {
  if (dialectOf(db) !== 'postgresql') return;
  // The same lock expressions their owners take (hashtext for settings, hashtextextended for applications).
  for (const name of LOCKS) await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l', name);
  await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS l', 'gatehouse.applications');
}

export async function applyAutheliaImport(
  db: Db,
  plan: ImportPlan,
  choices: ImportChoices,
  actor: AuditParty,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (choices.onConflict === 'merge' && !choices.mergeConsent)
    throw new AppError('INVALID', 'Merging into existing Gatehouse accounts needs your explicit consent: tick the box, or choose skip.', 'mergeConsent');
  if (!plan.applicable) throw new AppError('INVALID', 'The dry run found something to resolve first: nothing was imported.');
  const env = options.env ?? getEnv();
  const { input, notApplied } = applyInputOf(plan);
  const outcome = await db.$transaction(
    async (tx) => {
      await lock(db, tx);
      const context: ApplyContext = { tx, encryptionKey: env.secrets.encryptionKey, choices, users: new Map(), items: emptyItems() };
      for (const category of IMPORT_CATEGORIES) context.items[category].push(...(notApplied[category] ?? []));
      await applyUsers(context, input.users);
      await applyTotp(context, input.totp);
      await applyWebauthn(context, input.webauthn);
      const rulesChanged = await applyRules(context, input.rules);
      const settingsChanged = await applySettings(context, input.settings, env.secrets);
      await applyOidcClients(context, input.oidcClients);
      const changed = wroteSomething(context.items);
      if (changed) {
        await logEvent(tx, { type: 'import.authelia', actor, meta: options.meta ?? NO_REQUEST_META, data: auditDataOf(context.items) });
        for (const item of context.items.users.filter((i) => i.outcome === 'created')) {
          const id = context.users.get(item.key);
          if (id)
            await logEvent(tx, {
              type: 'user.created',
              actor,
              target: { type: 'user', id, name: item.key },
              meta: options.meta,
              data: { via: 'authelia-import' },
            });
        }
      }
      return { changed, items: context.items, rulesChanged, settingsChanged };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  if (outcome.settingsChanged) {
    const applied = await applyStoredSettings(db);
    if (!applied.ok) console.error('[gatehouse] imported settings saved but not applied:', applied.problems.join(' '));
  }
  return { changed: outcome.changed, items: outcome.items, counts: countsOf(outcome.items) };
}
