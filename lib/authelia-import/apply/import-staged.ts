/**
 * The admin page's "Import": the dry run's staged files read and planned again (the data may have
 * changed since, and the plan is never kept, nor sent to the browser, because it holds secrets),
 * then applied in one transaction (apply-authelia-import.ts). The staged files are removed once
 * the import is done; after a refusal they stay, so the admin can change the conflict choice and
 * import again without uploading again.
 */
import type { AuditParty } from '../../audit/log-event';
import type { Env } from '../../config';
import type { Db } from '../../db';
import type { RequestMeta } from '../../http/request-meta-types';
import { planAutheliaImport } from '../plan/plan-import';
import { readAutheliaInstallation } from '../read/read-installation';
import type { ImportChoices } from '../types';
import { applyAutheliaImport } from './apply-authelia-import';
import type { ApplyResult } from './apply-input';
import { discardStaged, stagedInput } from './staging';

export async function importStagedAuthelia(
  db: Db,
  input: { stagingId: string; choices: ImportChoices; actor: AuditParty; meta: RequestMeta; env: Pick<Env, 'secondFactor' | 'secrets'> },
): Promise<ApplyResult> {
  const installation = await readAutheliaInstallation(await stagedInput(input.stagingId, input.actor.id));
  const plan = await planAutheliaImport(
    db,
    installation,
    { webauthnRpId: input.env.secondFactor.rpId, encryptionKey: input.env.secrets.encryptionKey },
    input.choices,
  );
  const result = await applyAutheliaImport(db, plan, input.choices, input.actor, { meta: input.meta, env: input.env });
  await discardStaged(input.stagingId);
  return result;
}
