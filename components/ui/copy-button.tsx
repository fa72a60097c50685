'use client';
import { useState } from 'react';
import { buttonClasses } from './button';

/** Copies text to the clipboard and says so (falls back to selecting the text's element). */
export function CopyButton({ text, label = 'Copy', targetId }: { text: string; label?: string; targetId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const element = targetId ? document.getElementById(targetId) : null;
      if (element) window.getSelection()?.selectAllChildren(element);
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2500);
  }
  return (
    <button type="button" onClick={copy} className={buttonClasses('secondary', 'px-2.5 py-1 text-xs')}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Selected: press Ctrl+C' : label}</span>
    </button>
  );
}
