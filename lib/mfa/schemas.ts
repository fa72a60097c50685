/** Input shapes for second factors, shared by forms and actions. */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const ZFactorName = z
  .string()
  .trim()
  .min(1, 'Give it a name, such as "Phone" or "Blue key".')
  .max(60, 'Use at most 60 characters.')
  .refine((v) => !CONTROL.test(v), 'The name contains a control character. Remove it.');

export const ZTotpCode = z.string({ error: 'Enter the 6-digit code.' }).max(20, 'Enter the 6-digit code.');
export const ZRecoveryCodeInput = z.string({ error: 'Enter a recovery code.' }).max(40, 'That is longer than a recovery code.');
