/**
 * The dry run: what every part of an Authelia installation becomes in Gatehouse, what cannot be
 * carried over and why, and the clashes with what Gatehouse already has. Reads the database,
 * writes nothing. apply/ carries out a plan whose `applicable` is true.
 */
import type { DbOrTx } from '../../db';
import type { AutheliaInstallation, ImportChoices, ImportPlan, PlanEnv } from '../types';
import { planTotp, planWebAuthn } from './plan-factors';
import { planOidcClients, planRules, planSettings } from './plan-settings';
import { planUsers } from './plan-users';

export async function planAutheliaImport(db: DbOrTx, installation: AutheliaInstallation, env: PlanEnv, choices: ImportChoices): Promise<ImportPlan> {
  const { imported, ...people } = await planUsers(db, installation.users, choices);
  const plan: ImportPlan = {
    source: installation.source,
    storage: installation.storage,
    choices,
    ...people,
    totp: await planTotp(db, installation.totp, imported, env),
    webauthn: await planWebAuthn(db, installation.webauthn, imported, env),
    rules: await planRules(db, installation.settings.accessControl),
    settings: await planSettings(db, installation.settings, env),
    oidcClients: await planOidcClients(db, installation.oidcClients),
    problems: [...installation.problems],
    applicable: true,
  };
  if (installation.storage.kind === 'none')
    plan.problems.push({ where: 'storage', message: `authenticator apps and security keys are not imported: ${installation.storage.reason}` });
  plan.applicable = !people.users.some((u) => u.action === 'conflict');
  return plan;
}
