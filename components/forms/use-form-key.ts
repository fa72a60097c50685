'use client';
import { useRef } from 'react';

/**
 * A key that changes with every action result. Giving it to a <form> remounts the form, so its
 * fields show the `defaultValue`s of the new result (what the user typed, after a refusal).
 * React resets a form after its action; textareas do not pick up changed defaults on their own.
 */
export function useFormKey(state: object): number {
  const ids = useRef(new WeakMap<object, number>());
  const next = useRef(0);
  if (!ids.current.has(state)) ids.current.set(state, next.current++);
  return ids.current.get(state)!;
}
