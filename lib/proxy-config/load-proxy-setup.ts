/** What /admin/proxy shows: the configuration for the stored applications, as this instance sees them. */
import { listApplications } from '../applications/list-applications';
import type { DbOrTx } from '../db';
import { type TApplicationsProxyConfig, type TProxyEnv, proxyConfigForApplications } from './config-for-applications';
import { gatehouseUpstreamFor } from './gatehouse-upstream';
import { readProxyUpstream } from './set-proxy-upstream';

export type TProxySetup = TApplicationsProxyConfig & {
  applications: { id: string; name: string; urls: string[] }[];
  /** Applications whose stored row cannot be read (skipped). */
  unreadable: string[];
  /** The upstream in use, and whether it is the stored one or this machine's default. */
  upstream: { value: string; stored: boolean; defaultValue: string };
};

export async function loadProxySetup(db: DbOrTx, env: TProxyEnv): Promise<TProxySetup> {
  const [{ applications, unreadable }, stored] = await Promise.all([listApplications(db), readProxyUpstream(db)]);
  const defaultValue = gatehouseUpstreamFor(env.listenHost, env.port);
  const value = stored ?? defaultValue;
  return {
    ...proxyConfigForApplications(env, applications, value),
    applications: applications.map(({ id, name, urls }) => ({ id, name, urls })),
    unreadable,
    upstream: { value, stored: stored !== null, defaultValue },
  };
}
