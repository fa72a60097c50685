import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { compileRules } from '@/lib/policy/compile';
import { readAdminsMustUseSecondFactor } from '@/lib/auth/assurance-settings';
import { loadRuleSet } from '@/lib/rules/load-rule-set';
import { RULES_POLL_MS } from '@/lib/verify/runtime';
import { AdminsSecondFactorForm, DefaultPolicyForm, RequireTwoFactorForm } from './default-policy-form';
import { POLICY_TEXT } from './policy-text';
import { GeneratedRules } from './generated-rules';
import { HandWrittenRules } from './hand-written-rules';

export const metadata: Metadata = { title: 'Access rules' };

export default async function RulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/rules/page');
  const params = await searchParams;
  const { rules, defaultPolicy, requireTwoFactor } = await loadRuleSet(getDb());
  const adminsMustUseSecondFactor = await readAdminsMustUseSecondFactor(getDb());
  const { problems } = compileRules(rules);
  const env = getEnv();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Access rules</h1>
          <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            For every request to a protected app, the rules are read from the top; the first rule that matches decides. Hand-written rules come first, then the
            rules applications write, then the default policy. Changes apply at once on this instance and within {Math.round(RULES_POLL_MS / 1000)} seconds on
            others.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/admin/rules/test" className={buttonClasses('secondary')}>
            Test a request
          </Link>
          <Link href="/admin/rules/transfer" className={buttonClasses('secondary')}>
            Import / export
          </Link>
          <Link href="/admin/rules/new" className={buttonClasses('primary')}>
            Add rule
          </Link>
        </div>
      </div>
      {params.saved && <Alert tone="success">{params.saved === 'updated' ? 'Rule saved.' : 'Rule added.'}</Alert>}
      {problems.length > 0 && (
        <Alert tone="error" title="Some rules cannot be read as written">
          <p>Until they are fixed, each of them denies every request to its domains and methods:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p.id}>
                Rule #{p.position}: {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <HandWrittenRules rules={rules} defaultPolicy={defaultPolicy} />
      <GeneratedRules rules={rules} />

      <Card
        title="Default policy"
        description={`Applies to requests no rule matches. Now: ${POLICY_TEXT[defaultPolicy].label} — ${POLICY_TEXT[defaultPolicy].effect}.`}
      >
        {defaultPolicy === 'bypass' && (
          <Alert tone="warning" className="mb-3">
            With a bypass default, every app behind the proxy is open to anyone unless a rule says otherwise.
          </Alert>
        )}
        <DefaultPolicyForm current={defaultPolicy} />
        <div className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <RequireTwoFactorForm current={requireTwoFactor} />
        </div>
        <div className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <AdminsSecondFactorForm current={adminsMustUseSecondFactor} />
        </div>
        <p className="mt-3 text-xs text-zinc-500">
          Sessions are checked against the database at most every {Math.round(env.verify.cacheTtlMs / 1000)} seconds per instance (GATEHOUSE_VERIFY_CACHE_TTL).
        </p>
      </Card>
    </div>
  );
}
