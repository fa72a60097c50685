import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { getDb } from '@/lib/db';
import { loadProxySetup } from '@/lib/proxy-config/load-proxy-setup';
import { ApplicationPart } from './application-part';
import { ApplicationsIndex } from './applications-index';
import { ProxyConfigs } from './proxy-configs';
import { UpstreamForm } from './upstream-form';

export const metadata: Metadata = { title: 'Proxy setup' };

const link = 'font-medium text-indigo-700 underline dark:text-indigo-300';

export default async function ProxyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/proxy/page');
  const env = getEnv();
  const app = (await searchParams).app;
  const appId = typeof app === 'string' ? app.slice(0, 64) : undefined;
  const setup = await loadProxySetup(getDb(), env);
  const selected = appId === undefined ? undefined : setup.applications.find((a) => a.id === appId);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Proxy setup</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Ready-to-paste configuration for the portal at <span className="font-mono">{env.url}</span> and the applications on{' '}
          <Link href="/admin/applications" className={link}>
            Applications
          </Link>
          . Each site listens on the port of its own URL. Every route strips client-sent Remote-User and Remote_User headers, so only Gatehouse can say who a
          user is; Paperless-ngx applications also get the token translation and blocked paths described in the README.
        </p>
      </div>
      <Card title="How the proxy reaches Gatehouse">
        <UpstreamForm {...setup.upstream} />
      </Card>
      {setup.errors.length > 0 && (
        <Alert tone="error" testId="proxy-config-error" title="The configuration cannot be generated">
          <ul className="list-disc pl-5">
            {setup.errors.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <ApplicationsIndex setup={setup} selectedId={selected?.id} />
      {appId !== undefined && !selected && (
        <Alert tone="warning" title="No such application">
          It may have been deleted. <Link href="/admin/proxy">Show the configuration for all applications</Link>.
        </Alert>
      )}
      {selected && setup.parts.get(selected.id) && <ApplicationPart name={selected.name} part={setup.parts.get(selected.id)!} />}
      {appId === undefined && setup.configs && <ProxyConfigs configs={setup.configs} />}
    </div>
  );
}
