/**
 * Saves the portal's public URL and cookie domain (the variables GATEHOUSE_URL and
 * GATEHOUSE_COOKIE_DOMAIN, stored; the environment wins). A change that signs people out,
 * strands passkeys or needs a new proxy configuration is first answered with what it changes
 * (`needsConfirmation`); the admin saves it by confirming. Saving marks the address confirmed
 * for the first-run checklist.
 */
import type { AuditParty } from '../audit/log-event';
import { getEnv, storableSources } from '../config';
import type { Db } from '../db';
import type { RequestMeta } from '../http/request-meta-types';
import { PORTAL_CONFIRMED_KEY, type PORTAL_VARIABLES } from './keys';
import { hasImpact, type PortalChangeImpact, portalChangeImpact } from './portal-change-impact';
import { previewChanges, saveStoredVariables, type VariableChanges } from './save-stored-variables';

export type PortalSettingsInput = { url?: string; cookieDomain?: string; confirmed: boolean; actor: AuditParty; meta?: RequestMeta };

export type PortalSettingsResult =
  | { status: 'saved'; url: string; cookieDomain: string | undefined; changed: number }
  | { status: 'needs-confirmation'; impact: PortalChangeImpact }
  | { status: 'invalid'; message: string; field?: string };

export async function savePortalSettings(db: Db, input: PortalSettingsInput): Promise<PortalSettingsResult> {
  const sources = storableSources();
  const changes: VariableChanges = {};
  // A variable set in the environment or the env file is fixed: the form does not send it, and it is never stored.
  const editable = (name: (typeof PORTAL_VARIABLES)[number]) => sources[name] !== 'environment' && sources[name] !== 'file';
  if (editable('GATEHOUSE_URL') && input.url !== undefined) changes.GATEHOUSE_URL = input.url.trim() || null;
  if (editable('GATEHOUSE_COOKIE_DOMAIN') && input.cookieDomain !== undefined) {
    changes.GATEHOUSE_COOKIE_DOMAIN = input.cookieDomain.trim().replace(/^\./, '').toLowerCase() || null;
  }
  const preview = await previewChanges(db, changes);
  if (!preview.ok) return { status: 'invalid', message: preview.message, field: preview.field };
  const impact = await portalChangeImpact(db, getEnv(), preview.env);
  if (hasImpact(impact) && !input.confirmed) return { status: 'needs-confirmation', impact };
  const saved = await saveStoredVariables(db, {
    changes,
    markers: { [PORTAL_CONFIRMED_KEY]: 'true' },
    audit: { type: 'settings.portal_changed', actor: input.actor, meta: input.meta },
  });
  const env = getEnv();
  return { status: 'saved', url: env.url, cookieDomain: env.cookie.domain, changed: saved.changed.length };
}
