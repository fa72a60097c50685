'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/safe-action';
import { setAdminsMustUseSecondFactor } from '@/lib/auth/assurance-settings';
import { getDb } from '@/lib/db';
import { importAutheliaYaml } from '@/lib/policy/authelia-yaml';
import { ZDefaultPolicy } from '@/lib/policy/schemas';
import { importRules } from '@/lib/rules/import-rules';
import { ZRuleFormFields } from '@/lib/rules/rule-form';
import { createRule } from '@/lib/rules/create-rule';
import { deleteRule } from '@/lib/rules/delete-rule';
import { moveRule } from '@/lib/rules/move-rule';
import { updateRule } from '@/lib/rules/update-rule';
import { setDefaultPolicy } from '@/lib/rules/set-default-policy';
import { setRequireTwoFactor } from '@/lib/rules/set-require-two-factor';
import { validateRuleForm } from '@/lib/rules/validate-rule-form';
import { MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE } from './transfer/import-limits';

const ZId = z.string().min(1).max(64);

export const saveRuleAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#saveRuleAction',
  ZRuleFormFields.extend({ id: ZId.optional(), position: z.coerce.number().int().min(1).max(100_000).optional() }),
  async ({ id, position, ...fields }, { actor, meta }) => {
    const checked = validateRuleForm(fields);
    if (!checked.ok) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: checked.fieldErrors };
    if (id) await updateRule(getDb(), { id, rule: checked.rule, actor, meta });
    else await createRule(getDb(), { rule: checked.rule, position, actor, meta });
    revalidatePath('/admin/rules');
    redirect(`/admin/rules?saved=${id ? 'updated' : 'created'}`);
  },
);

export const deleteRuleAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#deleteRuleAction',
  z.object({ id: ZId }),
  async ({ id }, { actor, meta }) => {
    await deleteRule(getDb(), { id, actor, meta });
    revalidatePath('/admin/rules');
    return { status: 'success', message: 'Rule deleted.' };
  },
);

export const moveRuleAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#moveRuleAction',
  z.object({ id: ZId, to: z.coerce.number().int().min(1).max(100_000) }),
  async ({ id, to }, { actor, meta }) => {
    await moveRule(getDb(), { id, to, actor, meta });
    revalidatePath('/admin/rules');
    return { status: 'success', message: `Rule moved to position ${to}.` };
  },
);

export const setDefaultPolicyAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#setDefaultPolicyAction',
  z.object({ policy: ZDefaultPolicy }),
  async ({ policy }, { actor, meta }) => {
    await setDefaultPolicy(getDb(), { policy, actor, meta });
    revalidatePath('/admin/rules');
    return { status: 'success', message: `Requests no rule matches now get: ${policy}.` };
  },
);

export const setRequireTwoFactorAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#setRequireTwoFactorAction',
  z.object({ required: z.enum(['on']).optional() }),
  async ({ required }, { actor, meta }) => {
    await setRequireTwoFactor(getDb(), { required: required === 'on', actor, meta });
    revalidatePath('/admin/rules');
    return {
      status: 'success',
      message: required === 'on' ? 'Everyone now needs a second factor wherever a rule asks for one.' : 'Rules that ask for one factor ask for one again.',
    };
  },
);

export const setAdminsMustUseSecondFactorAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#setAdminsMustUseSecondFactorAction',
  z.object({ required: z.enum(['on']).optional() }),
  async ({ required }, { actor, meta }) => {
    await setAdminsMustUseSecondFactor(getDb(), { required: required === 'on', actor, meta });
    revalidatePath('/admin/rules');
    return {
      status: 'success',
      message:
        required === 'on'
          ? 'Admins without a second factor must now add one before using the admin pages.'
          : 'Admins without a second factor can use the admin pages with their password alone.',
    };
  },
);

export const importRulesAction = adminAction(
  'app/(dashboard)/admin/rules/actions.ts#importRulesAction',
  z.object({
    yaml: z
      .string()
      .max(MAX_IMPORT_BYTES, `Nothing was imported: ${TOO_LARGE_MESSAGE}`)
      .refine((yaml) => Buffer.byteLength(yaml, 'utf8') <= MAX_IMPORT_BYTES, `Nothing was imported: ${TOO_LARGE_MESSAGE}`),
    mode: z.enum(['append', 'replace']),
    intent: z.enum(['check', 'import']),
    skipInvalid: z.enum(['on']).optional(),
  }),
  async ({ yaml, mode, intent, skipInvalid }, { actor, meta }) => {
    const parsed = importAutheliaYaml(yaml);
    const report = parsed.errors.map((e) => `Line ${e.line}: ${e.message}`).join('\n');
    const summary = `${parsed.rules.length} rule${parsed.rules.length === 1 ? '' : 's'} can be imported${parsed.errors.length ? `; ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}` : ''}${parsed.defaultPolicy ? `; default policy ${parsed.defaultPolicy}` : ''}.`;
    if (intent === 'check' || (parsed.errors.length > 0 && !skipInvalid)) {
      return {
        status: parsed.errors.length ? 'error' : 'success',
        message: intent === 'check' ? summary : `Nothing was imported. ${summary} Fix the problems, or tick "skip the rules that cannot be imported".`,
        data: { report },
        values: { yaml, mode },
      };
    }
    if (parsed.rules.length === 0 && !parsed.defaultPolicy) return { status: 'error', message: 'The file holds no rules to import.', values: { yaml, mode } };
    const result = await importRules(getDb(), { rules: parsed.rules, mode, defaultPolicy: parsed.defaultPolicy, actor, meta });
    revalidatePath('/admin/rules');
    return {
      status: 'success',
      message: `Imported ${result.imported} rule${result.imported === 1 ? '' : 's'}${mode === 'replace' ? `, replacing ${result.removed}` : ''}.${parsed.errors.length ? ` Skipped ${parsed.errors.length}.` : ''}`,
      data: { report },
    };
  },
);
