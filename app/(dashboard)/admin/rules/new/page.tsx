import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { listHandWrittenRules } from '@/lib/rules/list-rules';
import { RuleForm } from '../rule-form';

export const metadata: Metadata = { title: 'Add access rule' };

export default async function NewRulePage() {
  await requirePage('/(dashboard)/admin/rules/new/page');
  const count = (await listHandWrittenRules(getDb())).length;
  return (
    <Card title="Add access rule" description="A request matches when it matches every non-empty field.">
      <RuleForm initial={{ description: '', domains: '', paths: '', methods: [], subjects: '', networks: '', policy: 'two_factor' }} count={count} />
    </Card>
  );
}
