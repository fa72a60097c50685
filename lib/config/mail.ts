/** How mail leaves: over SMTP when a host is set, else into the outbox folder; and who it is from. */
import type { RawEnv } from './variables';

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user: string | undefined;
  password: string | undefined;
  rejectUnauthorized: boolean;
};

export type MailEnv = { smtp: SmtpConfig | null; mailFrom: string; outboxDir: string };

export function smtpConfig(raw: RawEnv, problems: string[]): SmtpConfig | null {
  if (raw.GATEHOUSE_SMTP_HOST) {
    const smtpPort = raw.GATEHOUSE_SMTP_PORT ?? (raw.GATEHOUSE_SMTP_SECURE ? 465 : 587);
    if (Boolean(raw.GATEHOUSE_SMTP_USER) !== Boolean(raw.GATEHOUSE_SMTP_PASSWORD)) {
      problems.push('GATEHOUSE_SMTP_USER and GATEHOUSE_SMTP_PASSWORD must be set together');
    }
    return {
      host: raw.GATEHOUSE_SMTP_HOST,
      port: smtpPort,
      secure: raw.GATEHOUSE_SMTP_SECURE ?? smtpPort === 465,
      requireTls: raw.GATEHOUSE_SMTP_STARTTLS,
      user: raw.GATEHOUSE_SMTP_USER,
      password: raw.GATEHOUSE_SMTP_PASSWORD,
      rejectUnauthorized: raw.GATEHOUSE_SMTP_TLS_VERIFY,
    };
  }
  if (raw.GATEHOUSE_SMTP_PORT || raw.GATEHOUSE_SMTP_USER || raw.GATEHOUSE_SMTP_PASSWORD) {
    problems.push('GATEHOUSE_SMTP_PORT/USER/PASSWORD are set but GATEHOUSE_SMTP_HOST is not: set the host or remove them');
  }
  return null;
}

/** GATEHOUSE_MAIL_FROM, else "<app name> <gatehouse@<portal host>>". */
export function mailFromOf(raw: RawEnv, url: URL | null, problems: string[]): string {
  const mailFrom = raw.GATEHOUSE_MAIL_FROM ?? `${raw.GATEHOUSE_APP_NAME} <gatehouse@${url ? mailDomain(url.hostname) : 'localhost'}>`;
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) {
    problems.push(`GATEHOUSE_MAIL_FROM must be an address such as "Gatehouse <sso@example.com>" (got "${mailFrom}")`);
  }
  return mailFrom;
}

function mailDomain(hostname: string): string {
  return hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? 'localhost' : hostname;
}
