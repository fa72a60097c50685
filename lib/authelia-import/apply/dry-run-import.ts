/**
 * The admin page's dry run: stage the uploaded files (or the named server folder) with the
 * secrets the admin typed, read the installation, plan it against Gatehouse's data, and answer
 * the report (the plan without any secret, lib/authelia-import/plan/to-report.ts) with the proxy
 * report. Nothing is written to the database. The staging stays for the import (staging.ts); a
 * dry run that fails removes it at once.
 */
import type { AuditParty } from '../../audit/log-event';
import type { Env } from '../../config';
import type { Db } from '../../db';
import { gatehouseUpstreamFor } from '../../proxy-config/gatehouse-upstream';
import { readProxyUpstream } from '../../proxy-config/set-proxy-upstream';
import { planAutheliaImport } from '../plan/plan-import';
import { toImportReport } from '../plan/to-report';
import { readAutheliaInstallation } from '../read/read-installation';
import type { AutheliaSecretsInput, ImportChoices, ImportReport } from '../types';
import { type ProxyReport, proxyReportFor } from './proxy-report';
import { discardStaged, type StagedSource, stagedInput, stageImport } from './staging';

export type ImportPageEnv = Pick<Env, 'secondFactor' | 'url' | 'listenHost' | 'port' | 'secrets'>;

export type DryRun = { stagingId: string; report: ImportReport; proxy: ProxyReport };

export async function dryRunAutheliaImport(
  db: Db,
  input: { source: StagedSource; secrets: AutheliaSecretsInput; choices: ImportChoices; actor: AuditParty; env: ImportPageEnv },
): Promise<DryRun> {
  const stagingId = await stageImport(input.actor.id, input.source, input.secrets);
  try {
    const installation = await readAutheliaInstallation(await stagedInput(stagingId, input.actor.id));
    const plan = await planAutheliaImport(
      db,
      installation,
      { webauthnRpId: input.env.secondFactor.rpId, encryptionKey: input.env.secrets.encryptionKey },
      input.choices,
    );
    const upstream = (await readProxyUpstream(db)) ?? gatehouseUpstreamFor(input.env.listenHost, input.env.port);
    const proxy = proxyReportFor({ upstream, gatehouseUrl: input.env.url, autheliaUrls: installation.settings.session.autheliaUrls });
    return { stagingId, report: toImportReport(plan), proxy };
  } catch (error) {
    await discardStaged(stagingId);
    throw error;
  }
}
