import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { TStoredRule } from '@/lib/policy/types';
import { describeRule } from '@/lib/rules/describe-rule';
import { POLICY_TEXT } from './policy-text';
import { RuleRowActions } from './rule-row-actions';

function List({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <p className="text-zinc-600 dark:text-zinc-400">
      <span className="text-zinc-500">{label}: </span>
      <span className="font-mono text-xs break-all">{items.join(', ')}</span>
    </p>
  );
}

/** One rule in the ordered list: what it matches, and its move, edit and delete buttons (a rule an application wrote links to it instead). */
export function RuleRow({ rule, count }: { rule: TStoredRule; count: number }) {
  return (
    <li
      data-testid={rule.application ? 'generated-rule-row' : 'rule-row'}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1 text-sm">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            <span className="font-mono text-zinc-500">#{rule.position}</span>
            <Badge tone={POLICY_TEXT[rule.policy].tone}>{POLICY_TEXT[rule.policy].label}</Badge>
            <span>{rule.description || <span className="text-zinc-500">(no description)</span>}</span>
          </p>
          <List label="Domains" items={rule.domains.length ? rule.domains : ['any']} />
          <List label="Paths" items={rule.paths.map((p) => (p.kind === 'prefix' ? `${p.value}…` : p.value))} />
          <List label="Methods" items={rule.methods} />
          <List label="Who" items={rule.subjects.map((g) => g.join(' & '))} />
          <List label="Networks" items={rule.networks} />
        </div>
        {rule.application ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Written by{' '}
            <Link href={`/admin/applications/${rule.application.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
              {rule.application.name}
            </Link>
            : edit it there.
          </p>
        ) : (
          <RuleRowActions id={rule.id} position={rule.position} count={count} label={describeRule(rule)} />
        )}
      </div>
    </li>
  );
}
