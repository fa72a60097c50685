/**
 * What the settings page shows: each variable's current value and where it comes from (a
 * value from the environment or the env file is fixed there), and for the SMTP password only
 * whether one is set, never the password itself.
 */
import { getEnv, STORABLE_VARIABLES, storableSources, type StorableVariable, type VariableSource } from '../config';
import type { Db } from '../db';
import { isSealedVariable, MAIL_MODE_KEY, PORTAL_CONFIRMED_KEY } from './keys';
import { readStoredVariables } from './read-stored-variables';

export type SettingField = { source: VariableSource; value: string };

export type SettingsView = {
  fields: Record<StorableVariable, SettingField>;
  /** Whether an SMTP password is in effect (the value field of GATEHOUSE_SMTP_PASSWORD is always empty). */
  passwordSet: boolean;
  url: string;
  cookieDomain: string | undefined;
  smtp: { host: string; port: number; secure: boolean; requireTls: boolean; user: string | undefined; rejectUnauthorized: boolean } | null;
  mailFrom: string;
  mailMode: 'smtp' | 'outbox' | null;
  portalConfirmed: boolean;
  /** A stored password that could not be opened, and similar. */
  problems: string[];
};

export async function loadSettingsView(db: Db): Promise<SettingsView> {
  const env = getEnv();
  const sources = storableSources();
  const [stored, marks] = await Promise.all([
    readStoredVariables(db, env.secrets),
    db.setting.findMany({ where: { key: { in: [MAIL_MODE_KEY, PORTAL_CONFIRMED_KEY] } }, select: { key: true, value: true } }),
  ]);
  const mark = (key: string) => marks.find((m) => m.key === key)?.value;
  const fields = {} as Record<StorableVariable, SettingField>;
  for (const name of STORABLE_VARIABLES) {
    const fixedValue = sources[name] === 'environment' || sources[name] === 'file';
    const value = isSealedVariable(name) ? '' : fixedValue ? describeFixed(name) : (stored.variables[name] ?? '');
    fields[name] = { source: sources[name], value };
  }
  const mode = mark(MAIL_MODE_KEY);
  const { password: _password, ...smtp } = env.smtp ?? { password: undefined };
  return {
    fields,
    passwordSet: Boolean(env.smtp?.password),
    url: env.url,
    cookieDomain: env.cookie.domain,
    smtp: env.smtp ? (smtp as NonNullable<SettingsView['smtp']>) : null,
    mailFrom: env.mailFrom,
    mailMode: mode === 'smtp' || mode === 'outbox' ? mode : null,
    portalConfirmed: mark(PORTAL_CONFIRMED_KEY) === 'true',
    problems: stored.problems,
  };
}

/** A fixed variable is shown as what the running configuration made of it. */
function describeFixed(name: StorableVariable): string {
  const env = getEnv();
  switch (name) {
    case 'GATEHOUSE_URL':
      return env.url;
    case 'GATEHOUSE_COOKIE_DOMAIN':
      return env.cookie.domain ?? '';
    case 'GATEHOUSE_MAIL_FROM':
      return env.mailFrom;
    case 'GATEHOUSE_SMTP_HOST':
      return env.smtp?.host ?? '';
    case 'GATEHOUSE_SMTP_PORT':
      return env.smtp ? String(env.smtp.port) : '';
    case 'GATEHOUSE_SMTP_USER':
      return env.smtp?.user ?? '';
    case 'GATEHOUSE_SMTP_SECURE':
      return env.smtp ? String(env.smtp.secure) : '';
    case 'GATEHOUSE_SMTP_STARTTLS':
      return env.smtp ? String(env.smtp.requireTls) : '';
    case 'GATEHOUSE_SMTP_TLS_VERIFY':
      return env.smtp ? String(env.smtp.rejectUnauthorized) : '';
    default:
      return '';
  }
}
