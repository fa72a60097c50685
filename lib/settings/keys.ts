/**
 * How portal settings sit in the Setting table: each storable configuration variable under
 * `config.<VARIABLE>` (the SMTP and directory passwords sealed), the mail choice and the checklist's dismissal.
 */
import { SEALED_VARIABLES, type SealedVariable, type StorableVariable } from '../config';

export const CONFIG_KEY_PREFIX = 'config.';
export const configKey = (variable: StorableVariable): string => `${CONFIG_KEY_PREFIX}${variable}`;

/** Stored variables that are secrets (SMTP and directory passwords): sealed at rest, never sent to the browser. */
export const isSealedVariable = (name: string): name is SealedVariable => (SEALED_VARIABLES as readonly string[]).includes(name);
/** Each secret is sealed with its own context, so one stored value cannot be moved into another's row. */
export const sealedContext = (name: SealedVariable): string => `setting:${name}`;

/** "outbox" once an admin chose to keep mail in the outbox; "smtp" once they configured a server. */
export const MAIL_MODE_KEY = 'settings.mail_mode';
/** "true" once the portal's public URL and cookie domain were confirmed by an admin. */
export const PORTAL_CONFIRMED_KEY = 'settings.portal_confirmed';
/** "true" once an admin dismissed the completed first-run checklist. */
export const CHECKLIST_DISMISSED_KEY = 'settings.first_run_dismissed';

export const PORTAL_VARIABLES = ['GATEHOUSE_URL', 'GATEHOUSE_COOKIE_DOMAIN'] as const satisfies readonly StorableVariable[];
