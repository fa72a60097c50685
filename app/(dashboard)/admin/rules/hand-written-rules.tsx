import { EmptyState } from '@/components/ui/table';
import type { TPolicy, TStoredRule } from '@/lib/policy/types';
import { POLICY_TEXT } from './policy-text';
import { RuleRow } from './rule-row';

/** The hand-written rules, in order, with their buttons; or what an empty list means. */
export function HandWrittenRules({ rules, defaultPolicy }: { rules: TStoredRule[]; defaultPolicy: TPolicy }) {
  const handWritten = rules.filter((rule) => !rule.application);
  if (rules.length === 0) {
    return (
      <EmptyState>
        No rules yet, so every request gets the default policy: <strong>{POLICY_TEXT[defaultPolicy].label}</strong> — {POLICY_TEXT[defaultPolicy].effect}.
      </EmptyState>
    );
  }
  if (handWritten.length === 0) return <EmptyState>No hand-written rules: only the rules applications write (below) and the default policy apply.</EmptyState>;
  return (
    <ol className="space-y-3" aria-label="Access rules in order">
      {handWritten.map((rule) => (
        <RuleRow key={rule.id} rule={rule} count={handWritten.length} />
      ))}
    </ol>
  );
}
