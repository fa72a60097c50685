/**
 * Shapes of user input, shared by forms (client) and actions (server). Nothing server-only here.
 */
import { z } from 'zod';

// Control characters (C0, DEL, C1), and Unicode's direction overrides that can disguise a name.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const ZUsername = z
  .string({ error: 'Enter a username.' })
  .trim()
  .toLowerCase()
  .min(2, 'Use at least 2 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, 'Use letters, digits, dots, dashes and underscores only, starting and ending with a letter or digit.');

export const ZEmail = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address, such as anna@example.com.'));

export const ZDisplayName = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Use at most 100 characters.')
  .refine((v) => !UNSAFE_CHARACTERS.test(v), 'The name contains a control character. Remove it.');

/** Password length is checked here only coarsely; lib/auth/password-policy.ts judges strength. */
export const ZNewPassword = z.string({ error: 'Enter a password.' }).max(256, 'Use at most 256 characters.');

export const ZGroupName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Group names use letters, digits, dashes and underscores (at most 40).');

/** "family, paperless-users" → ["family", "paperless-users"]; duplicates removed. */
export const ZGroupList = z
  .string()
  .max(2000, 'That list of groups is too long.')
  .transform((text) => [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((g) => g.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(ZGroupName).max(30, 'At most 30 groups.'));

export const ZLogin = z
  .string({ error: 'Enter your username or email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your username or email address.')
  .max(254, 'That is longer than any username or email address.');
