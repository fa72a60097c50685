/**
 * Delivers mail: over SMTP when configured, otherwise into the outbox folder as .eml files that
 * admins read in the UI. Either way the whole product works on a machine with no mail server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { getEnv, type MailEnv, type SmtpConfig } from '../config';
import { countMailDelivery } from '../metrics/sink';

export type OutgoingMail = { to: string; subject: string; text: string; html: string };
/** `response` is the SMTP server's final answer (e.g. "250 2.0.0 Ok: queued as …"). */
export type Delivery = { via: 'smtp' | 'outbox'; messageId: string; file?: string; response?: string };

const KEY = Symbol.for('gatehouse.mailTransport');
type Holder = { [KEY]?: { smtp: Transporter; signature: string } };

function smtpTransport(smtp: SmtpConfig): Transporter {
  const signature = JSON.stringify(smtp);
  const holder = globalThis as Holder;
  if (holder[KEY]?.signature !== signature) {
    holder[KEY] = {
      signature,
      smtp: nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
        tls: { rejectUnauthorized: smtp.rejectUnauthorized },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return holder[KEY]!.smtp;
}

/** Outbox file names sort by time and carry no user input: `<timestamp>-<random>.eml`. */
export const OUTBOX_FILE_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}\.eml$/;

export function outboxFileName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}.eml`;
}

/** Every message of the portal goes through here: counted (lib/metrics) whatever happens. */
export async function deliverMail(mail: OutgoingMail, env: MailEnv = getEnv()): Promise<Delivery> {
  const via = env.smtp ? 'smtp' : 'outbox';
  try {
    const delivery = await deliverOnce(mail, env);
    countMailDelivery(via, true);
    return delivery;
  } catch (error) {
    countMailDelivery(via, false);
    throw error;
  }
}

async function deliverOnce(mail: OutgoingMail, env: MailEnv): Promise<Delivery> {
  const message = { from: env.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html };
  if (env.smtp) {
    const info = await smtpTransport(env.smtp).sendMail(message);
    return { via: 'smtp', messageId: info.messageId, response: typeof info.response === 'string' ? info.response.slice(0, 300) : undefined };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await builder.sendMail(message);
  mkdirSync(env.outboxDir, { recursive: true, mode: 0o700 });
  const file = outboxFileName();
  // Messages hold sign-in links: readable by the Gatehouse user only.
  writeFileSync(join(env.outboxDir, file), info.message as Buffer, { mode: 0o600, flag: 'wx' });
  return { via: 'outbox', messageId: info.messageId, file };
}
