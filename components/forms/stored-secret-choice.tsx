'use client';

export type StoredSecretAction = 'keep' | 'replace' | 'clear';

/**
 * A write-only secret (the SMTP password, the directory's bind password): once one is stored the
 * form never shows it, only offers to keep, replace or clear it (sent as `passwordAction`);
 * before that, the only way is to enter one.
 */
export function StoredSecretChoice({
  set,
  legend,
  value,
  onChange,
  testId,
}: {
  set: boolean;
  legend: string;
  value: StoredSecretAction;
  onChange: (action: StoredSecretAction) => void;
  testId: string;
}) {
  if (!set) return <input type="hidden" name="passwordAction" value="replace" />;
  return (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid={testId}>
      <legend className="mb-1 font-medium">{legend}</legend>
      {(['keep', 'replace', 'clear'] as const).map((choice) => (
        <label key={choice} className="flex items-center gap-2">
          <input type="radio" name="passwordAction" value={choice} checked={value === choice} onChange={() => onChange(choice)} />
          {choice === 'keep' ? 'Keep it' : choice === 'replace' ? 'Replace it' : 'Clear it'}
        </label>
      ))}
    </fieldset>
  );
}
