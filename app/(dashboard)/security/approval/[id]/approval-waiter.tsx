'use client';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { RecoveryCodes } from '@/components/mfa/recovery-codes';
import { Time } from '@/components/ui/time';
import { IDLE } from '@/lib/actions/form-state';
import { REQUEST_STATUS_TEXT, type RequestStatus } from '@/lib/mfa/judge-factor-change-request';
import { continueFactorChangeRequestAction } from '../../factor-actions';

const POLL_MS = 3000;
/** Adding a factor goes on by itself (the next page is itself a step); removing one or new codes wait for a press. */
const AUTOMATIC = new Set(['add_totp', 'add_webauthn']);
const BUTTON: Record<string, string> = {
  add_totp: 'Continue',
  add_webauthn: 'Continue',
  remove_factor: 'Remove it',
  recovery_codes: 'Make new codes',
};

/** Polls this browser's request and continues once an administrator approved it. */
export function ApprovalWaiter(props: {
  requestId: string;
  initial: RequestStatus;
  action: string | null;
  expiresAt: string | null;
  appName: string;
  username: string;
}) {
  const [status, setStatus] = useState<RequestStatus>(props.initial);
  const [state, submit] = useGuardedActionState(continueFactorChangeRequestAction, IDLE);
  const form = useRef<HTMLFormElement>(null);
  const submitted = useRef(false);

  useEffect(() => {
    if (status !== 'pending') return;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/api/security/factor-change-requests/${encodeURIComponent(props.requestId)}`, { cache: 'no-store' });
        if (!response.ok) return;
        const body = (await response.json()) as { status?: RequestStatus };
        if (body.status && body.status !== 'pending') setStatus(body.status);
      } catch {
        // A dropped poll is retried on the next tick.
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [status, props.requestId]);

  useEffect(() => {
    if (status === 'approved' && props.action && AUTOMATIC.has(props.action) && !submitted.current) {
      submitted.current = true;
      form.current?.requestSubmit();
    }
  }, [status, props.action]);

  const codes = typeof state.data?.codes === 'string' ? state.data.codes.split('\n') : null;
  if (codes) {
    return (
      <div className="space-y-4">
        <FormAlert state={state} />
        <RecoveryCodes codes={codes} appName={props.appName} username={props.username} />
        <Link href="/security" className="text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          I have saved them: back to Security
        </Link>
      </div>
    );
  }
  if (status === 'pending') {
    return (
      <div className="space-y-3 text-sm" role="status" aria-live="polite" data-testid="approval-waiting">
        <p className="font-medium">Ask your administrator to approve this request; this page continues by itself.</p>
        <p className="text-zinc-600 dark:text-zinc-400">
          No mail server is configured here, so an administrator approves the change instead: they find it on their overview page. Keep this page open
          {props.expiresAt ? (
            <>
              {' '}
              until <Time value={props.expiresAt} />
            </>
          ) : null}
          ; it works only in this browser.
        </p>
        <p className="flex items-center gap-2 text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className="inline-block size-2 animate-pulse rounded-full bg-indigo-500" />
          Waiting for an administrator…
        </p>
        <p>
          <a href={`/security/approval/${encodeURIComponent(props.requestId)}`} className="font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
            Check now
          </a>
        </p>
      </div>
    );
  }
  if (status === 'approved') {
    return (
      <form ref={form} action={submit} className="space-y-3" data-testid="approval-approved">
        <p role="status" className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          An administrator approved your request.
        </p>
        <FormAlert state={state} />
        <input type="hidden" name="requestId" value={props.requestId} />
        <SubmitButton variant={props.action === 'remove_factor' ? 'danger' : 'primary'} pendingLabel="Working…">
          {BUTTON[props.action ?? ''] ?? 'Continue'}
        </SubmitButton>
      </form>
    );
  }
  const text = REQUEST_STATUS_TEXT[status];
  return (
    <div className="space-y-3 text-sm" data-testid={`approval-${status}`}>
      <p role="alert" className="font-semibold">
        {text.title}
      </p>
      <p className="text-zinc-600 dark:text-zinc-400">{text.message}</p>
      <Link href="/security" className="inline-block font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
        Go to the Security page
      </Link>
    </div>
  );
}
