'use client';
import { useEffect, useRef, useState } from 'react';
import { TextArea } from '@/components/forms/text-area';
import { appHosts } from './parse-apps';

/**
 * The apps textarea and, under it, one checkbox per app host to mark it as Paperless-ngx. The
 * checkboxes follow the textarea as it is edited; without JavaScript the server-rendered ones
 * (for the apps last submitted) still work. Native checkboxes in a fieldset: Tab to reach them,
 * Space to tick.
 */
export function AppsFields({ initialText, initialPaperless }: { initialText: string; initialPaperless: string[] }) {
  const [text, setText] = useState(initialText);
  // The textarea is not controlled: what was typed before the page's script ran stays in it (a
  // controlled one would be reset to the server's value on hydration) and is read once here.
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const typed = area.current?.value;
    if (typed !== undefined && typed !== initialText) setText(typed);
  }, [initialText]);
  const [ticked, setTicked] = useState(() => new Set(initialPaperless));
  const hosts = appHosts(text).filter(Boolean);

  function toggle(host: string, on: boolean) {
    setTicked((current) => {
      const next = new Set(current);
      if (on) next.add(host);
      else next.delete(host);
      return next;
    });
  }

  return (
    <>
      <TextArea
        name="apps"
        label="Protected apps"
        rows={3}
        ref={area}
        defaultValue={initialText}
        onChange={(event) => setText(event.target.value)}
        description="One per line: public host = where the proxy forwards it, e.g. paperless.example.com = http://127.0.0.1:8000"
      />
      <fieldset aria-describedby="paperless-apps-description" data-testid="paperless-apps">
        <legend className="text-sm font-medium">Paperless-ngx apps</legend>
        <p id="paperless-apps-description" className="text-xs text-zinc-600 dark:text-zinc-400">
          Tick the apps that are Paperless-ngx. Their configuration swaps the apps&apos; device tokens for the user&apos;s real Paperless token, blocks /admin/,
          POST /api/token/ and the allauth logins, and lets the apps&apos; sign-in probes through.
        </p>
        {hosts.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No apps yet: add one above.</p>
        ) : (
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
            {hosts.map((host) => (
              <label key={host} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  name="paperless"
                  value={host}
                  checked={ticked.has(host)}
                  onChange={(event) => toggle(host, event.target.checked)}
                  className="size-4 rounded border-zinc-300"
                />
                <span className="font-mono">{host}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </>
  );
}
