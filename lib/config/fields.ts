/** The zod pieces every configuration variable is built from, with the messages an operator reads. */
import { z } from 'zod';
import { formatDuration, parseDuration } from '../duration';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), {
      message: `${name} must be true or false`,
    })
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

export const duration = (name: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a duration such as 30m, 12h or 7d (got "${text}")` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be between ${formatDuration(min)} and ${formatDuration(max)} (got ${formatDuration(ms)})`,
      });
      return z.NEVER;
    }
    return ms;
  });

export const port = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${name} must be a port number`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, `${name} must be between 1 and 65535`);

export const count = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

/** Blank values count as unset, so `GATEHOUSE_SMTP_HOST=` in an env file means "no SMTP". */
export function withoutBlanks(vars: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}
