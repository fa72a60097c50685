import Link from 'next/link';
import type { TStoredRule } from '@/lib/policy/types';
import { RuleRow } from './rule-row';

/** The rules applications wrote, read-only, grouped under their application, in evaluation order. */
export function GeneratedRules({ rules }: { rules: TStoredRule[] }) {
  const groups: { id: string; name: string; rules: TStoredRule[] }[] = [];
  for (const rule of rules) {
    if (!rule.application) continue;
    const last = groups.at(-1);
    if (last?.id === rule.application.id) last.rules.push(rule);
    else groups.push({ ...rule.application, rules: [rule] });
  }
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="generated-rules" className="space-y-3">
      <div>
        <h2 id="generated-rules" className="text-lg font-semibold">
          Rules written by applications
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Read after the rules above, application by application, before the default policy.</p>
      </div>
      {groups.map((group) => (
        <div key={group.id} data-testid="application-rules" className="space-y-2">
          <h3 className="text-sm font-medium">
            <Link href={`/admin/applications/${group.id}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
              {group.name}
            </Link>
          </h3>
          <ol className="space-y-3" aria-label={`Rules written by ${group.name}`}>
            {group.rules.map((rule) => (
              <RuleRow key={rule.id} rule={rule} count={rules.length} />
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
