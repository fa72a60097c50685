'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import type { ReproveMethods } from '@/lib/auth/assurance-reprove';
import { ReproveForm } from './reprove-form';

/** The /reauth page's form: once proven, on to `next` (a download leaves this page in place, so say so). */
export function ReprovePanel({ methods, next }: { methods: ReproveMethods; next: string }) {
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <Alert tone="success" live testId="reprove-done">
        Confirmed. Continuing… If nothing happens (a download starts in the background),{' '}
        <a href={next} className="font-semibold underline">
          continue
        </a>{' '}
        or{' '}
        <button type="button" onClick={() => window.history.back()} className="font-semibold underline">
          go back
        </button>
        .
      </Alert>
    );
  }
  return (
    <ReproveForm
      methods={methods}
      idPrefix="reauth"
      onProven={() => {
        setDone(true);
        window.location.assign(next);
      }}
    />
  );
}
