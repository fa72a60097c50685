import { Card } from '@/components/ui/card';
import { TEMPLATE_SAMPLES } from './template-samples';

/** Every message Gatehouse sends, rendered with sample data (the HTML in a sandboxed frame). */
export function TemplatesCard({ appName, url }: { appName: string; url: string }) {
  return (
    <Card title="Templates" description="Every message Gatehouse sends, with sample data. Links in the samples do not work.">
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Mail templates">
        {TEMPLATE_SAMPLES.map((t) => {
          const mail = t.render({ appName, url });
          return (
            <li key={t.id} className="py-2" data-testid="template-row">
              <details>
                <summary className="cursor-pointer text-sm">
                  <span className="font-medium">{t.label}</span> <span className="text-zinc-600 dark:text-zinc-400">— {t.when}</span>
                </summary>
                <div className="mt-3 space-y-3">
                  <p className="text-sm">
                    <span className="text-zinc-500">Subject:</span> <span data-testid="template-subject">{mail.subject}</span>
                  </p>
                  <pre className="overflow-x-auto rounded-md bg-zinc-50 p-4 font-sans text-sm whitespace-pre-wrap dark:bg-zinc-950" data-testid="template-text">
                    {mail.text}
                  </pre>
                  {/* Sandboxed and served with its own CSP, like the outbox's HTML view. */}
                  <iframe
                    title={`HTML version of the ${t.label} template`}
                    sandbox=""
                    loading="lazy"
                    src={`/api/admin/mail/templates/${t.id}/html`}
                    className="h-[28rem] w-full rounded-md border border-zinc-200 bg-white dark:border-zinc-800"
                  />
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
