import type { Metadata } from 'next';
import { Field } from '@/components/forms/field';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getEnv } from '@/lib/config';
import { ProxyConfigError, proxyConfigFor, proxyConfigInputFromEnv } from '@/lib/proxy-config';
import { AppsFields } from './apps-fields';
import { markPaperless, paperlessHosts, parseApps } from './parse-apps';
import { ProxyConfigs } from './proxy-configs';

export const metadata: Metadata = { title: 'Proxy setup' };

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value.slice(0, 4000) : undefined);

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
          {env.cookie.domain ? ` and the apps under ${env.cookie.domain}` : ''}. Every route strips client-sent Remote-User and Remote_User headers, so only
          Gatehouse can say who a user is. Apps marked as Paperless-ngx also get the token translation and blocked paths described in the README
          (&ldquo;Paperless-ngx behind the proxy&rdquo;).
        </p>
      </div>
      {!env.cookie.domain && (
        <Alert tone="warning" title="No cookie domain is set">
          Without GATEHOUSE_COOKIE_DOMAIN the session cookie belongs to {new URL(env.url).hostname} only, so apps on other hosts never see it. Set it to the
          parent domain of your apps (for example example.com) and restart.
        </Alert>
      )}
      <Card title="Your apps">
        <form action="/admin/proxy" className="space-y-3">
          <AppsFields initialText={appsText} initialPaperless={apps.filter((a) => a.paperless).map((a) => a.host)} />
          <Field
            name="gatehouse"
            label="How the proxy reaches Gatehouse"
            defaultValue={upstream}
            description="From the proxy's point of view: http://127.0.0.1:9091 on the same machine, http://gatehouse:9091 in a container network."
          />
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
      {configs && <ProxyConfigs configs={configs} />}
    </div>
  );
}
