import { z } from 'zod';
import { ZNewPassword } from '@/lib/users/schemas';

export const ZSetPassword = z
  .object({
    token: z.string().max(100),
    password: ZNewPassword,
    confirmPassword: z.string().max(256, 'Use at most 256 characters.'),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords do not match.' });
