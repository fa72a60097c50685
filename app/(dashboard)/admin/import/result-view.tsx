import { Badge } from '@/components/ui/badge';
import type { ApplyResult } from '@/lib/authelia-import/apply/apply-input';
import { ACTION_WORDS, CATEGORIES, CATEGORY_LABELS } from './report-labels';

/** What the import did, per category, with the reasons for what it skipped or refused. */
export function ResultView({ result }: { result: ApplyResult }) {
  return (
    <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800" data-testid="import-result">
      {CATEGORIES.map((category) => {
        const counts = Object.entries(result.counts[category]);
        const notes = result.items[category].filter((i) => i.reason && (i.outcome === 'skipped' || i.outcome === 'refused'));
        return (
          <div key={category} className="px-3 py-2">
            <dt className="font-medium">{CATEGORY_LABELS[category]}</dt>
            <dd className="mt-1 flex flex-wrap gap-2">
              {counts.length === 0 && <span className="text-zinc-500 dark:text-zinc-400">nothing</span>}
              {counts.map(([outcome, n]) => (
                <Badge key={outcome} tone={ACTION_WORDS[outcome]?.tone}>
                  {n} {ACTION_WORDS[outcome]?.label ?? outcome}
                </Badge>
              ))}
            </dd>
            {notes.length > 0 && (
              <dd>
                <ul className="mt-1 list-disc pl-5 text-zinc-600 dark:text-zinc-400">
                  {notes.map((i) => (
                    <li key={i.key}>
                      <span className="font-mono text-xs">{i.key}</span>: {i.reason}
                    </li>
                  ))}
                </ul>
              </dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}
