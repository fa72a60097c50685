import type { Metadata } from 'next';
import { Field } from '@/components/forms/field';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/env';
import { ProxyConfigError, proxyConfigFor, proxyConfigInputFromEnv, type TProxyConfigFile } from '@/lib/proxy-config';
import { AppsFields } from './apps-fields';
import { markPaperless, paperlessHosts, parseApps } from './parse-apps';

export const metadata: Metadata = { title: 'Proxy setup' };

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value.slice(0, 4000) : undefined);

function ConfigFile({ file, id }: { file: TProxyConfigFile; id: string }) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-mono text-sm font-semibold">{file.name}</p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{file.description}</p>
        </div>
        <CopyButton text={file.content} targetId={id} />
      </div>
      <pre id={id} data-testid="proxy-config" className="max-h-[32rem] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950">
        {file.content}
      </pre>
    </div>
  );
}

export default async function ProxyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage('/(dashboard)/admin/proxy/page');
  const env = getEnv();
  const params = await searchParams;
  const defaults = proxyConfigInputFromEnv(env);
  const submittedApps = one(params.apps);
  const appsText = submittedApps ?? defaults.apps.map((a) => `${a.host} = ${a.upstream}`).join('\n');
  // Before the form was first sent, the example app (paperless.<domain>) is marked Paperless-ngx.
  const ticked = submittedApps === undefined ? new Set(defaults.apps.map((a) => a.host)) : paperlessHosts(params.paperless);
  const apps = markPaperless(parseApps(appsText), ticked);
  const upstream = one(params.gatehouse) ?? defaults.gatehouseUpstream;
  let configs: ReturnType<typeof proxyConfigFor> | null = null;
  let problems: string[] = [];
  try {
    configs = proxyConfigFor({ ...defaults, apps, gatehouseUpstream: upstream });
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    problems = error.problems;
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Proxy setup</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Ready-to-paste configuration for {env.url}
          {env.cookie.domain ? ` and the apps under ${env.cookie.domain}` : ''}. Every route strips client-sent Remote-User and Remote_User headers, so
          only Gatehouse can say who a user is. Apps marked as Paperless-ngx also get the token translation and blocked paths described in the
          README (&ldquo;Paperless-ngx behind the proxy&rdquo;).
        </p>
      </div>
      {!env.cookie.domain && (
        <Alert tone="warning" title="No cookie domain is set">
          Without GATEHOUSE_COOKIE_DOMAIN the session cookie belongs to {new URL(env.url).hostname} only, so apps on other hosts never see it. Set it to
          the parent domain of your apps (for example example.com) and restart.
        </Alert>
      )}
      <Card title="Your apps">
        <form action="/admin/proxy" className="space-y-3">
          <AppsFields initialText={appsText} initialPaperless={apps.filter((a) => a.paperless).map((a) => a.host)} />
          <Field name="gatehouse" label="How the proxy reaches Gatehouse" defaultValue={upstream} description="From the proxy's point of view: http://127.0.0.1:9091 on the same machine, http://gatehouse:9091 in a container network." />
          <button type="submit" className={buttonClasses('secondary')}>
            Update the configuration
          </button>
        </form>
      </Card>
      {problems.length > 0 && (
        <Alert tone="error" live testId="proxy-config-error" title="The configuration cannot be generated from these values">
          <ul className="list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      {configs && (
        <>
          <Card title="nginx (auth_request)" description="Install each file where its note says, then run nginx -t and reload nginx.">
            <div className="space-y-6">
              {configs.nginx.files.map((file, i) => (
                <ConfigFile key={file.name} file={file} id={`nginx-${i}`} />
              ))}
            </div>
          </Card>
          <Card title="Caddy (forward_auth)">
            <ConfigFile file={{ name: 'Caddyfile', content: configs.caddy, description: 'A complete Caddyfile; when merging into yours, keep any global options block at the very top. Then run caddy reload.' }} id="caddy" />
          </Card>
          <Card title="Traefik (forwardAuth)">
            <ConfigFile file={{ name: 'gatehouse.yml', content: configs.traefik, description: 'Dynamic configuration for the file provider. Checked against Traefik’s documented schema; not run in CI (Traefik cannot be installed there).' }} id="traefik" />
          </Card>
        </>
      )}
    </div>
  );
}
