'use client';
import { useEffect, useRef, useState } from 'react';
import { settleReproof, useReproofRequest } from '@/components/assurance/reproof-store';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import type { ReproveMethods } from '@/lib/auth/assurance-reprove';
import { reproveMethodsCall } from './actions';
import { ReproveForm } from './reprove-form';

/**
 * The in-place "confirm it is you" dialog of the signed-in pages. A form refused for sudo mode
 * (or for the second factor) opens it through components/assurance/reproof-store.ts; once the
 * user has proved it is them, the form sends the same input again. A native modal <dialog>:
 * focus moves into it and stays there, Escape cancels, and it fits a phone's width. What it
 * offers is read when it opens (a factor may have been added since the page was drawn).
 */
export function ReproveDialog({ username }: { username: string }) {
  const request = useReproofRequest();
  const ref = useRef<HTMLDialogElement>(null);
  const [methods, setMethods] = useState<{ id: number; value: ReproveMethods | null; problem?: string } | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
    if (!request) return;
    let current = true;
    reproveMethodsCall({}).then(
      (result) => current && setMethods({ id: request.id, value: result.ok ? result.value : null, problem: result.ok ? undefined : result.message }),
      () => current && setMethods({ id: request.id, value: null, problem: 'The portal could not be reached. Check your connection and try again.' }),
    );
    return () => {
      current = false;
    };
  }, [request]);

  const cancel = () => request && settleReproof(request.id, false);
  const loaded = request && methods?.id === request.id ? methods : null;
  return (
    <dialog
      ref={ref}
      aria-labelledby="reprove-title"
      aria-describedby="reprove-why"
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {request && (
        <div className="space-y-4 p-5" data-testid="reprove-dialog">
          <div>
            <h2 id="reprove-title" className="text-lg font-semibold">
              Confirm it is you
            </h2>
            <p id="reprove-why" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {request.message} Signed in as <strong className="font-semibold">{username}</strong>.{' '}
              {request.kind === 'password' ? 'Enter your password.' : 'Use your second factor.'} What you entered in the form is kept and sent again.
            </p>
          </div>
          {loaded?.value ? (
            <ReproveForm
              key={request.id}
              methods={loaded.value}
              idPrefix={`reprove-${request.id}`}
              onProven={() => settleReproof(request.id, true)}
              onCancel={cancel}
            />
          ) : (
            <div className="space-y-3">
              {loaded?.problem ? (
                <Alert tone="error" live testId="reprove-message">
                  {loaded.problem}
                </Alert>
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400" role="status">
                  Loading…
                </p>
              )}
              <button type="button" onClick={cancel} className={buttonClasses('ghost', 'w-full')}>
                Cancel
              </button>
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
