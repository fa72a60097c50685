import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { fieldsFromRule } from '@/lib/rules/rule-form';
import { listRules } from '@/lib/rules/list-rules';
import { RuleForm } from '../rule-form';

export const metadata: Metadata = { title: 'Edit access rule' };

export default async function EditRulePage({ params }: { params: Promise<{ ruleId: string }> }) {
  await requirePage('/(dashboard)/admin/rules/[ruleId]/page');
  const { ruleId } = await params;
  const rule = (await listRules(getDb())).find((r) => r.id === ruleId);
  if (!rule) notFound();
  if (rule.application) {
    return (
      <Card title={`Rule #${rule.position}`}>
        <p className="text-sm">
          This rule is managed by the application{' '}
          <Link href={`/admin/applications/${rule.application.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            {rule.application.name}
          </Link>
          : edit it there.
        </p>
      </Card>
    );
  }
  return (
    <Card title={`Edit rule #${rule.position}`} description="A request matches when it matches every non-empty field.">
      <RuleForm id={rule.id} initial={fieldsFromRule(rule)} />
    </Card>
  );
}
