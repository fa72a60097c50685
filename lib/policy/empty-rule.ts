import type { TPolicy, TRuleInput, TStoredRule } from './types';

/** A rule with every matcher empty ("any"): the base the editor, imports and tests fill in. */
export const EMPTY_RULE: TRuleInput = { description: '', domains: [], paths: [], methods: [], subjects: [], networks: [], policy: 'deny' };

/** A stored rule at `position` (id `r<position>`), for tests and seeding. */
export function storedRule(position: number, fields: Partial<TRuleInput> = {}, policy: TPolicy = 'deny'): TStoredRule {
  return { id: `r${position}`, position, ...EMPTY_RULE, policy, ...fields };
}
