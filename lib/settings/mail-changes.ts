/**
 * What the mail form asks for, as changes to the stored variables: an SMTP server (host, port,
 * how TLS is used, the sign-in, certificate checking) or a deliberate "keep mail in the
 * outbox", plus the sender address. Variables fixed in the environment or the env file are
 * left out, so they are never stored.
 */
import { z } from 'zod';
import { type StorableVariable, storableSources } from '../config';
import type { VariableChanges } from './save-stored-variables';

export const ZMailSettings = z.object({
  mode: z.enum(['smtp', 'outbox']),
  host: z.string().trim().max(253).optional(),
  port: z.string().trim().max(5).optional(),
  security: z.enum(['auto', 'tls', 'starttls', 'opportunistic']).default('auto'),
  user: z.string().max(200).optional(),
  passwordAction: z.enum(['keep', 'replace', 'clear']).default('keep'),
  password: z.string().max(500).optional(),
  tlsVerify: z.enum(['on']).optional(),
  mailFrom: z.string().trim().max(300).optional(),
});

export type MailSettings = z.output<typeof ZMailSettings>;

const SECURITY: Record<MailSettings['security'], { secure: string | null; starttls: string | null }> = {
  auto: { secure: null, starttls: null },
  tls: { secure: 'true', starttls: null },
  starttls: { secure: 'false', starttls: 'true' },
  opportunistic: { secure: 'false', starttls: 'false' },
};

export function mailChanges(input: MailSettings): VariableChanges {
  const all: VariableChanges = { GATEHOUSE_MAIL_FROM: input.mailFrom || null };
  if (input.mode === 'outbox') {
    Object.assign(all, {
      GATEHOUSE_SMTP_HOST: null,
      GATEHOUSE_SMTP_PORT: null,
      GATEHOUSE_SMTP_SECURE: null,
      GATEHOUSE_SMTP_STARTTLS: null,
      GATEHOUSE_SMTP_USER: null,
      GATEHOUSE_SMTP_PASSWORD: null,
      GATEHOUSE_SMTP_TLS_VERIFY: null,
    });
  } else {
    const security = SECURITY[input.security];
    Object.assign(all, {
      GATEHOUSE_SMTP_HOST: input.host || null,
      GATEHOUSE_SMTP_PORT: input.port || null,
      GATEHOUSE_SMTP_SECURE: security.secure,
      GATEHOUSE_SMTP_STARTTLS: security.starttls,
      GATEHOUSE_SMTP_USER: input.user?.trim() || null,
      GATEHOUSE_SMTP_TLS_VERIFY: input.tlsVerify ? null : 'false',
    });
    if (input.passwordAction === 'replace') all.GATEHOUSE_SMTP_PASSWORD = input.password || null;
    if (input.passwordAction === 'clear' || !input.user?.trim()) all.GATEHOUSE_SMTP_PASSWORD = null;
  }
  const sources = storableSources();
  const changes: VariableChanges = {};
  for (const [name, value] of Object.entries(all) as [StorableVariable, string | null][]) {
    if (sources[name] !== 'environment' && sources[name] !== 'file') changes[name] = value;
  }
  return changes;
}

/** The form's field for a variable, so parseEnv's message sits beside the right input. */
export const MAIL_FIELD_OF: Partial<Record<StorableVariable, string>> = {
  GATEHOUSE_SMTP_HOST: 'host',
  GATEHOUSE_SMTP_PORT: 'port',
  GATEHOUSE_SMTP_USER: 'user',
  GATEHOUSE_SMTP_PASSWORD: 'password',
  GATEHOUSE_MAIL_FROM: 'mailFrom',
};

/** The field a problem about `variable` is shown beside; "form" when the form has none for it. */
export const fieldFor = (variable: string | undefined): string => (variable ? (MAIL_FIELD_OF[variable as StorableVariable] ?? 'form') : 'form');
