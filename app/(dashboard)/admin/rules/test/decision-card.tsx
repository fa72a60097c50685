import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { Explanation } from '@/lib/rules/explain-request';
import { POLICY_TEXT } from '../policy-text';

/** What the verify endpoint would decide for the asked request, and how each rule was judged. */
export function DecisionCard({ result }: { result: Extract<Explanation, { ok: true }> }) {
  return (
    <Card title="Decision">
      <div data-testid="decision" className="space-y-2 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={POLICY_TEXT[result.evaluation.policy].tone}>{POLICY_TEXT[result.evaluation.policy].label}</Badge>
          <span className="font-medium">{result.outcome}</span>
        </p>
        <p>
          {result.evaluation.rule ? (
            <>
              Decided by{' '}
              <Link href={`/admin/rules/${result.evaluation.rule.id}`} className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
                rule #{result.evaluation.rule.position}
              </Link>
              {result.evaluation.needsIdentity ? ', which depends on who the user is.' : '.'}
            </>
          ) : (
            <>No rule matched, so the default policy applied ({POLICY_TEXT[result.defaultPolicy].label}).</>
          )}
        </p>
        {result.user && (
          <p className="text-zinc-600 dark:text-zinc-400">
            {result.user.username} is in: {result.user.groups.length ? result.user.groups.join(', ') : 'no groups'}.
          </p>
        )}
      </div>
      {result.evaluation.trace.length > 0 && (
        <ol className="mt-4 space-y-2 text-sm" aria-label="How each rule was judged" data-testid="trace">
          {result.evaluation.trace.map((step) => (
            <li key={step.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="font-medium">
                Rule #{step.position}: {step.matched ? 'matched' : 'did not match'}
              </p>
              <ul className="mt-1 list-disc pl-5 text-zinc-600 dark:text-zinc-400">
                {step.reasons.map((reason, i) => (
                  <li key={i}>{reason}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {result.rules.length === 0 && (
        <Alert className="mt-4">
          There are no rules yet: every request gets the default policy ({POLICY_TEXT[result.defaultPolicy].label} — {POLICY_TEXT[result.defaultPolicy].effect}
          ).
        </Alert>
      )}
    </Card>
  );
}
