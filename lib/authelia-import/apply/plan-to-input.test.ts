import { describe, expect, it } from 'vitest';
import { buildTestPlan } from '../../../test/support/authelia-apply-plan';
import { applyInputOf } from './plan-to-input';

describe('from the plan to what apply works on', () => {
  it('carries what the plan can, with each password on its user; keeps the reasons of the rest', () => {
    const plan = buildTestPlan('t');
    plan.webauthn[0] = { ...plan.webauthn[0]!, action: 'refused', reason: 'another RP ID' };
    plan.groups[1] = { ...plan.groups[1]!, action: 'refused', reason: 'bad name' };
    plan.users[1] = { ...plan.users[1]!, data: { ...plan.users[1]!.data, email: null } };
    plan.settings[0] = { ...plan.settings[0]!, action: 'skip', reason: 'set in the environment' };
    const { input, notApplied } = applyInputOf(plan);
    expect(input.users).toEqual([expect.objectContaining({ username: 'anna-t', groups: ['family-t'], passwordHash: plan.passwords[0]!.data.passwordHash })]);
    expect(input.webauthn).toEqual([]);
    expect(input.rules).toEqual({ rules: [plan.rules[0]!.data.kind === 'rule' ? plan.rules[0]!.data.rule : null], defaultPolicy: 'deny' });
    expect(input.settings.map((s) => s.variable)).not.toContain('GATEHOUSE_SESSION_MAX_AGE');
    expect(notApplied).toEqual({
      webauthn: [{ key: plan.webauthn[0]!.key, outcome: 'refused', reason: 'another RP ID' }],
      groups: [{ key: 'paperless-t', outcome: 'refused', reason: 'bad name' }],
      users: [{ key: 'ben-t', outcome: 'refused', reason: 'no email address: Gatehouse needs one for every account' }],
      settings: [{ key: 'GATEHOUSE_SESSION_MAX_AGE', outcome: 'skipped', reason: 'set in the environment' }],
    });
  });

  it('carries no rules when the plan has none', () => {
    expect(applyInputOf({ ...buildTestPlan('u'), rules: [] }).input.rules).toBeNull();
  });
});
