/**
 * Turns the rule editor's fields into a validated rule, or field errors that say which line is
 * wrong ("Line 2: …"), so an admin can fix a long list without guessing.
 */
import { fieldErrorsOf } from '../policy/field-errors';
import { ZRuleInput } from '../policy/schemas';
import type { TRuleInput } from '../policy/types';
import { ruleFromFields, type RuleFormFields } from './rule-form';

export type RuleFormResult = { ok: true; rule: TRuleInput } | { ok: false; fieldErrors: Record<string, string> };

export function validateRuleForm(fields: RuleFormFields): RuleFormResult {
  const parsed = ZRuleInput.safeParse(ruleFromFields(fields));
  if (parsed.success) return { ok: true, rule: parsed.data };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
}
