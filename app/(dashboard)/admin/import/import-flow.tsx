'use client';
import { FormAlert } from '@/components/forms/form-alert';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import type { ProxyReport } from '@/lib/authelia-import/apply/proxy-report';
import type { ImportReport } from '@/lib/authelia-import/types';
import { dryRunImportAction } from './actions';
import { ConfirmForm } from './confirm-form';
import { ProxyChanges } from './proxy-changes';
import { ReportView } from './report-view';
import { SourceForm } from './source-form';

/** Dry run, then the report and the import; each step's state comes from its action. */
export function ImportFlow() {
  const [state, action] = useGuardedActionState(dryRunImportAction, IDLE);
  const stagingId = typeof state.data?.stagingId === 'string' ? state.data.stagingId : null;
  const report = typeof state.data?.report === 'string' ? (JSON.parse(state.data.report) as ImportReport) : null;
  const proxy = typeof state.data?.proxy === 'string' ? (JSON.parse(state.data.proxy) as ProxyReport) : null;
  return (
    <div className="space-y-6">
      <SourceForm action={action} state={state} />
      {stagingId && report && (
        <section aria-labelledby="dry-run-heading" className="space-y-4 border-t border-zinc-200 pt-4 dark:border-zinc-800" data-testid="dry-run-report">
          <h2 id="dry-run-heading" className="text-lg font-semibold">
            Dry run
          </h2>
          <FormAlert state={state} />
          <ReportView report={report} />
          {proxy && <ProxyChanges proxy={proxy} />}
          <ConfirmForm key={stagingId} stagingId={stagingId} report={report} />
        </section>
      )}
    </div>
  );
}
