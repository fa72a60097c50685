import { z } from 'zod';
import { ZDisplayName, ZEmail, ZNewPassword, ZUsername } from '@/lib/users/schemas';

export const ZSetup = z
  .object({
    token: z.string().max(100),
    username: ZUsername,
    email: ZEmail,
    displayName: ZDisplayName,
    password: ZNewPassword,
    confirmPassword: z.string().max(256, 'Use at most 256 characters.'),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords do not match.' });
