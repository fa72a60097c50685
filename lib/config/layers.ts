/**
 * The layers configuration variables come from, highest first: the real environment, the env
 * file, values an admin stored in the portal, then each variable's default. Only the variables
 * in STORABLE_VARIABLES may come from the stored layer; one validation (parseEnv) applies to the
 * merged result whatever layer a value came from. Pure: the caller reads the layers.
 */

import { DIRECTORY_VARIABLES } from './directory-variables';

/** The variables an admin may set in the portal (/admin/settings); the environment and the env file still win. */
export const STORABLE_VARIABLES = [
  'GATEHOUSE_URL',
  'GATEHOUSE_COOKIE_DOMAIN',
  'GATEHOUSE_SMTP_HOST',
  'GATEHOUSE_SMTP_PORT',
  'GATEHOUSE_SMTP_SECURE',
  'GATEHOUSE_SMTP_STARTTLS',
  'GATEHOUSE_SMTP_USER',
  'GATEHOUSE_SMTP_PASSWORD',
  'GATEHOUSE_SMTP_TLS_VERIFY',
  'GATEHOUSE_MAIL_FROM',
  ...DIRECTORY_VARIABLES,
  // Brought over from Authelia by the import (lib/authelia-import/apply/apply-settings.ts).
  'GATEHOUSE_SESSION_MAX_AGE',
  'GATEHOUSE_SESSION_IDLE_TIMEOUT',
  'GATEHOUSE_REGULATION_MAX_FAILURES',
  'GATEHOUSE_REGULATION_WINDOW',
  'GATEHOUSE_REGULATION_BAN',
  'GATEHOUSE_TOTP_ISSUER',
] as const;

export type StorableVariable = (typeof STORABLE_VARIABLES)[number];

export type StoredVariables = Partial<Record<StorableVariable, string>>;

/** Where a variable's value came from. */
export type VariableSource = 'environment' | 'file' | 'stored' | 'default';

export type ConfigLayers = {
  environment: Record<string, string | undefined>;
  file: Record<string, string>;
  stored: StoredVariables;
};

const isStorable = (key: string): key is StorableVariable => (STORABLE_VARIABLES as readonly string[]).includes(key);

/** A stored blank is no value. A variable set in the environment or the file wins even when blank (as before stored values existed). */
const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
const defined = (value: string | undefined): value is string => value !== undefined;

/** Only storable, non-blank values of the stored layer; anything else in it is ignored. */
export function storedOnly(stored: Record<string, string | undefined>): StoredVariables {
  const out: StoredVariables = {};
  for (const [key, value] of Object.entries(stored)) if (isStorable(key) && present(value)) out[key] = value;
  return out;
}

/** The variables parseEnv reads: environment over file over stored. */
export function mergeLayers(layers: ConfigLayers): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...storedOnly(layers.stored) };
  for (const layer of [layers.file, layers.environment]) {
    for (const [key, value] of Object.entries(layer)) if (defined(value)) merged[key] = value;
  }
  return merged;
}

/** The layer each storable variable comes from. */
export function sourcesOf(layers: ConfigLayers): Record<StorableVariable, VariableSource> {
  const stored = storedOnly(layers.stored);
  const out = {} as Record<StorableVariable, VariableSource>;
  for (const key of STORABLE_VARIABLES) {
    out[key] = defined(layers.environment[key]) ? 'environment' : defined(layers.file[key]) ? 'file' : present(stored[key]) ? 'stored' : 'default';
  }
  return out;
}
