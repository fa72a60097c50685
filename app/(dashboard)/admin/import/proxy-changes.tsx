import { CodeBlock } from '@/components/ui/code-block';
import type { ProxyReport } from '@/lib/authelia-import/apply/proxy-report';

const PROXY_NAMES = { nginx: 'nginx', caddy: 'Caddy', traefik: 'Traefik' } as const;

/** The proxy lines that change: the one naming Authelia's address (and the sign-in URL when the portal moves). */
export function ProxyChanges({ proxy }: { proxy: ProxyReport }) {
  const diff = (from: string, to: string) => `- ${from}\n+ ${to}`;
  return (
    <section aria-labelledby="proxy-changes-heading" className="space-y-2">
      <h3 id="proxy-changes-heading" className="text-sm font-semibold">
        In your reverse proxy
      </h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Gatehouse answers Authelia's verify paths with the same headers and status codes, so the line that names Authelia's address changes to Gatehouse's (
        <span className="font-mono">{proxy.upstream}</span>; change it on{' '}
        <a href="/admin/proxy" className="underline">
          Proxy setup
        </a>
        , which also has the complete generated configuration). Use the lines of the proxy you have.
      </p>
      <ul className="space-y-2">
        {proxy.changes.map((change, i) => (
          <li key={i}>
            <p className="text-xs font-medium">
              {PROXY_NAMES[change.proxy]}: {change.where}
            </p>
            <CodeBlock label={`${PROXY_NAMES[change.proxy]} change in ${change.where}`} className="mt-1 bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
              {diff(change.from, change.to)}
            </CodeBlock>
          </li>
        ))}
      </ul>
    </section>
  );
}
