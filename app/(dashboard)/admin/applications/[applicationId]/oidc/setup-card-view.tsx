import { CodeBlock } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';
import type { SetupCard, SetupCardValues } from '@/lib/oidc/clients/setup-card';

const VALUE_LABELS: [keyof SetupCardValues, string][] = [
  ['issuer', 'Issuer'],
  ['discoveryUrl', 'Discovery URL'],
  ['clientId', 'Client ID'],
  ['clientSecret', 'Client secret'],
  ['redirectUri', 'Redirect URI'],
  ['scope', 'Scopes'],
  ['tokenEndpointAuthMethod', 'Token endpoint authentication'],
  ['usePkce', 'PKCE (S256)'],
  ['authorizationEndpoint', 'Authorization endpoint'],
  ['tokenEndpoint', 'Token endpoint'],
  ['userinfoEndpoint', 'Userinfo endpoint'],
  ['jwksUri', 'JWKS URI'],
  ['endSessionEndpoint', 'End session (logout) endpoint'],
  ['usernameClaim', 'Username claim'],
];

function shown(value: SetupCardValues[keyof SetupCardValues]): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** A setup card: the app's steps, each value with a copy button, then the exact text to paste. */
/** `idPrefix` keeps element ids unique when a second card is on the page (the one with a new secret). */
export function SetupCardView({ card, idPrefix = '' }: { card: SetupCard; idPrefix?: string }) {
  return (
    <section aria-labelledby={`${idPrefix}setup-card-title`} className="space-y-4" data-testid="setup-card">
      <div>
        <h2 id={`${idPrefix}setup-card-title`} className="text-base font-semibold">
          {card.title}
        </h2>
        <a href={card.docsUrl} className="text-sm text-indigo-700 hover:underline dark:text-indigo-400" rel="noreferrer" target="_blank">
          Its documentation
        </a>
      </div>
      <ol className="list-decimal space-y-1 pl-5 text-sm [overflow-wrap:anywhere]">
        {card.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <dl className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {VALUE_LABELS.map(([key, label]) => {
          const value = shown(card.values[key]);
          if (value === null) return null;
          return (
            <div key={key} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <dt className="w-full font-medium sm:w-56">{label}</dt>
              <dd className="flex min-w-0 flex-1 items-center gap-2">
                <code id={`${idPrefix}card-${key}`} data-testid={`card-${key}`} className="min-w-0 break-all rounded bg-zinc-100 px-2 py-0.5 dark:bg-zinc-800">
                  {value}
                </code>
                <CopyButton text={value} label="Copy" targetId={`${idPrefix}card-${key}`} />
              </dd>
            </div>
          );
        })}
      </dl>
      {card.snippets.map((snippet) => (
        <div key={snippet.id} className="space-y-1">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-medium">{snippet.label}</h3>
            <CopyButton text={snippet.text} label={`Copy ${snippet.label}`} targetId={`${idPrefix}snippet-${snippet.id}`} />
          </div>
          <CodeBlock
            id={`${idPrefix}snippet-${snippet.id}`}
            testId={`snippet-${snippet.id}`}
            label={snippet.label}
            className="bg-zinc-950 p-3 text-xs whitespace-pre text-zinc-100 dark:bg-black"
          >
            {snippet.text}
          </CodeBlock>
        </div>
      ))}
    </section>
  );
}
