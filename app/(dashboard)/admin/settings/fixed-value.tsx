import type { VariableSource } from '@/lib/config';

/** A value set in the environment or the env file: shown, not editable, with where to change it. */
export function FixedValue({ label, variable, source, value }: { label: string; variable: string; source: VariableSource; value: string }) {
  return (
    <div data-testid={`fixed-${variable}`}>
      <p className="text-sm font-medium">{label}</p>
      <p className="mt-1 break-all font-mono text-sm">{value || '(empty)'}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Fixed: set by {variable} in the {source === 'file' ? 'env file' : 'environment'}. Change it there and restart.
      </p>
    </div>
  );
}

export const isFixed = (source: VariableSource) => source === 'environment' || source === 'file';
