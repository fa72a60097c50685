/**
 * From the plan to what apply works on: the items the plan can carry over (create, update,
 * unchanged, and a conflict the choices resolve), each user with its password hash. An item the
 * plan refused (or skipped by choice) is not applied and keeps the plan's reason in the result.
 * Apply decides again inside its transaction what each item does, against the data as it is then.
 */
import type { ImportCategory, ImportPlan, PlanItem } from '../types';
import type { ApplyInput, ApplyItemResult } from './apply-input';

const carried = (item: PlanItem<unknown>): boolean => item.action !== 'refused' && item.action !== 'skip';

export function applyInputOf(plan: ImportPlan): { input: ApplyInput; notApplied: Partial<Record<ImportCategory, ApplyItemResult[]>> } {
  const notApplied: Partial<Record<ImportCategory, ApplyItemResult[]>> = {};
  const take = <D>(category: ImportCategory, items: PlanItem<D>[]): D[] => {
    const out: D[] = [];
    for (const item of items) {
      if (carried(item)) out.push(item.data);
      else (notApplied[category] ??= []).push({ key: item.key, outcome: item.action === 'skip' ? 'skipped' : 'refused', reason: item.reason });
    }
    return out;
  };
  const passwords = new Map(take('passwords', plan.passwords).map((p) => [p.username, p.passwordHash]));
  const groups = new Set(take('groups', plan.groups).map((g) => g.name));
  const users = take('users', plan.users).flatMap((user) => {
    // A group the plan could not carry over (reported there) is left out of its members' groups.
    const carriedGroups = user.groups.filter((g) => groups.has(g) || !plan.groups.some((item) => item.key === g));
    if (user.email) return [{ ...user, groups: carriedGroups, email: user.email, passwordHash: passwords.get(user.username) ?? null }];
    (notApplied.users ??= []).push({ key: user.username, outcome: 'refused', reason: 'no email address: Gatehouse needs one for every account' });
    return [];
  });
  const rules = take('rules', plan.rules);
  const defaultPolicy = rules.find((r) => r.kind === 'defaultPolicy');
  return {
    input: {
      users,
      totp: take('totp', plan.totp),
      webauthn: take('webauthn', plan.webauthn),
      rules: rules.length
        ? {
            rules: rules.flatMap((r) => (r.kind === 'rule' ? [r.rule] : [])),
            defaultPolicy: defaultPolicy?.kind === 'defaultPolicy' ? defaultPolicy.policy : null,
          }
        : null,
      settings: take('settings', plan.settings),
      oidcClients: take('oidcClients', plan.oidcClients),
    },
    notApplied,
  };
}
