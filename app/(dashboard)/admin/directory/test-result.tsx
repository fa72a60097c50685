'use client';
import { Badge } from '@/components/ui/badge';
import { parseTestView, type TestStep } from '@/lib/directory/admin/test-view';

function Steps({ steps }: { steps: TestStep[] }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Steps">
      {steps.map((step) => (
        <li key={step.label} className="flex flex-wrap items-baseline gap-2" data-testid="test-step" data-ok={step.ok}>
          <Badge tone={step.ok ? 'green' : 'red'}>{step.ok ? 'ok' : 'failed'}</Badge>
          <span className="font-medium">{step.label}</span>
          <span className="min-w-0 break-words text-zinc-600 dark:text-zinc-400">{step.detail}</span>
        </li>
      ))}
    </ol>
  );
}

function Pairs({ label, pairs }: { label: string; pairs: [string, string][] }) {
  if (!pairs.length) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold">{label}</h3>
      <dl className="mt-1 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[max-content_1fr]">
        {pairs.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-mono text-zinc-600 dark:text-zinc-400">{name}</dt>
            <dd className="mb-1 min-w-0 break-all">{value || '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The result of "Test connection" or "Test a user", as the server described it. */
export function TestResult({ json }: { json: string }) {
  const view = parseTestView(json);
  if (!view) return null;
  return (
    <section aria-live="polite" className="space-y-4 rounded-md border border-zinc-200 p-4 dark:border-zinc-800" data-testid="directory-test-result">
      <h2 className="text-base font-semibold">{view.kind === 'connection' ? 'Connection test' : `What Gatehouse sees for “${view.login}”`}</h2>
      <Steps steps={view.steps} />
      {view.kind === 'user' && (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="test-decision">
            <Badge tone={view.decisionTone}>
              {view.decisionTone === 'green' ? 'would sign in' : view.decisionTone === 'amber' ? 'needs attention' : 'refused'}
            </Badge>
            {view.decision}
          </p>
          <Pairs label="Mapped into Gatehouse" pairs={view.mapped} />
          <div className="text-sm">
            <h3 className="font-semibold">Groups</h3>
            <p data-testid="test-groups">Directory groups: {view.groups.length ? view.groups.join(', ') : 'none'}</p>
            <p data-testid="test-imported">Imported as Gatehouse groups: {view.imported.length ? view.imported.join(', ') : 'none'}</p>
            <p data-testid="test-admin">Admin: {view.admin ? 'yes (in the admin group)' : 'no'}</p>
          </div>
          <Pairs label="Entry as read" pairs={view.attributes} />
        </>
      )}
    </section>
  );
}
