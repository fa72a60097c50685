import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import type { proxyConfigFor, TProxyConfigFile } from '@/lib/proxy-config';

export function ConfigFile({ file, id }: { file: TProxyConfigFile; id: string }) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-mono text-sm font-semibold">{file.name}</p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{file.description}</p>
        </div>
        <CopyButton text={file.content} targetId={id} />
      </div>
      {/* Focusable, so the keyboard can scroll a long file (axe: scrollable-region-focusable). */}
      <pre
        id={id}
        data-testid="proxy-config"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        role="region"
        aria-label={file.name}
        className="max-h-[32rem] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950"
      >
        {file.content}
      </pre>
    </div>
  );
}

/** The generated files for nginx, Caddy and Traefik, each with a copy button. */
export function ProxyConfigs({ configs }: { configs: ReturnType<typeof proxyConfigFor> }) {
  return (
    <>
      <Card title="nginx (auth_request)" description="Install each file where its note says, then run nginx -t and reload nginx.">
        <div className="space-y-6">
          {configs.nginx.files.map((file, i) => (
            <ConfigFile key={file.name} file={file} id={`nginx-${i}`} />
          ))}
        </div>
      </Card>
      <Card title="Caddy (forward_auth)">
        <ConfigFile
          file={{
            name: 'Caddyfile',
            content: configs.caddy,
            description: 'A complete Caddyfile; when merging into yours, keep any global options block at the very top. Then run caddy reload.',
          }}
          id="caddy"
        />
      </Card>
      <Card title="Traefik (forwardAuth)">
        <ConfigFile
          file={{
            name: 'gatehouse.yml',
            content: configs.traefik,
            description:
              'Dynamic configuration for the file provider. Checked against Traefik’s documented schema; not run in CI (Traefik cannot be installed there).',
          }}
          id="traefik"
        />
      </Card>
    </>
  );
}
