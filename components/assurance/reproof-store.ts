'use client';
/**
 * One re-prove request at a time, between a form that was refused ("confirm it is you") and the
 * dialog the signed-in layout renders (app/(dashboard)/reauth/reprove-dialog.tsx). A plain
 * external store, not React state: the form asking is in the middle of its own action, and the
 * dialog must update at once, outside that transition.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Reauth } from '@/lib/actions/form-state';

export type ReproofRequest = { id: number; kind: Reauth; message: string };

let current: (ReproofRequest & { resolve: (proven: boolean) => void }) | null = null;
let mounted = 0;
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

/**
 * Opens the dialog and resolves true once the user proved it is them, false when they cancel
 * (or when no dialog is on the page, or another request replaces this one).
 */
export function requestReproof(kind: Reauth, message: string): Promise<boolean> {
  if (mounted === 0) return Promise.resolve(false);
  current?.resolve(false);
  return new Promise<boolean>((resolve) => {
    current = { id: nextId++, kind, message, resolve };
    emit();
  });
}

/** The dialog's answer to the open request. */
export function settleReproof(id: number, proven: boolean): void {
  if (!current || current.id !== id) return;
  const { resolve } = current;
  current = null;
  emit();
  resolve(proven);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = (): ReproofRequest | null => current;

/** For the dialog: the open request, if any. Registers the dialog as present while mounted. */
export function useReproofRequest(): ReproofRequest | null {
  useEffect(() => {
    mounted++;
    return () => {
      mounted--;
      if (mounted === 0 && current) settleReproof(current.id, false);
    };
  }, []);
  return useSyncExternalStore(subscribe, snapshot, () => null);
}
