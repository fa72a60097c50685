'use client';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import type { SetupCard } from '@/lib/oidc/clients/setup-card';
import { SetupCardView } from './setup-card-view';

/**
 * A secret just made (a new client, a replaced secret), shown this once with its setup card.
 * "Done" loads the client's page afresh: the secret leaves the browser's memory.
 */
export function SecretOnce({ title, clientId, secret, card, doneHref }: { title: string; clientId: string; secret: string; card: string; doneHref: string }) {
  const parsed = JSON.parse(card) as SetupCard;
  return (
    <div className="space-y-5" data-testid="secret-once">
      <Alert live tone="success" title={title}>
        Copy the secret now: you will not see it again. Gatehouse keeps only a fingerprint (SHA-256) of it; if it is lost, replace it.
      </Alert>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium">Client ID</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2">
            <code id="new-client-id" className="break-all rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-800" data-testid="new-client-id">
              {clientId}
            </code>
            <CopyButton text={clientId} label="Copy client ID" targetId="new-client-id" />
          </dd>
        </div>
        <div>
          <dt className="font-medium">Client secret</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2">
            <code id="new-client-secret" className="break-all rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-800" data-testid="new-client-secret">
              {secret}
            </code>
            <CopyButton text={secret} label="Copy secret" targetId="new-client-secret" />
          </dd>
        </div>
      </dl>
      <SetupCardView card={parsed} idPrefix="new-" />
      <button type="button" className={buttonClasses('primary')} onClick={() => window.location.assign(doneHref)}>
        Done: I have copied it
      </button>
    </div>
  );
}
