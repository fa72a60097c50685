'use client';
import { useState } from 'react';
import type { CallResult } from '@/lib/actions/form-state';

/**
 * The three steps every WebAuthn button takes: ask the server for options, hand them to the
 * browser, send the browser's answer back. Tracks "busy" and the one message to show.
 */
export type Ceremony<O, R, T> = {
  options: () => Promise<CallResult<O>>;
  browser: (options: O) => Promise<R>;
  /** What to say when the browser step throws (cancelled, timed out, already registered…). */
  refused: (error: unknown) => string;
  finish: (response: R) => Promise<CallResult<T>>;
  done: (value: T) => void;
};

export function useCeremony() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function run<O, R, T>(ceremony: Ceremony<O, R, T>): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const options = await ceremony.options();
      if (!options.ok) return setProblem(options.message);
      let response: R;
      try {
        response = await ceremony.browser(options.value);
      } catch (error) {
        return setProblem(ceremony.refused(error));
      }
      const result = await ceremony.finish(response);
      if (!result.ok) return setProblem(result.message);
      ceremony.done(result.value);
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, run };
}
