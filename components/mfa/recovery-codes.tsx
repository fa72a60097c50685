'use client';
import { buttonClasses } from '@/components/ui/button';

/** Freshly made recovery codes: shown once, with a download of the same text. */
export function RecoveryCodes({ codes, appName, username }: { codes: string[]; appName: string; username: string }) {
  function download() {
    const text = [
      `${appName} recovery codes for ${username}`,
      `Created ${new Date().toISOString()}`,
      'Each code works once. Keep them somewhere safe.',
      '',
      ...codes,
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${appName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-recovery-codes.txt`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div className="space-y-3" data-testid="recovery-codes">
      <p className="text-sm">
        Keep these codes somewhere safe, apart from your phone and keys. Each works once, when you cannot use your second factor.{' '}
        <strong>They are shown only now.</strong>
      </p>
      <ol className="grid grid-cols-2 gap-2 rounded-md bg-zinc-50 p-4 font-mono text-sm sm:grid-cols-3 dark:bg-zinc-950">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ol>
      <button type="button" onClick={download} className={buttonClasses('secondary')}>
        Download as a text file
      </button>
    </div>
  );
}
