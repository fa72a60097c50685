import { z } from 'zod';
import { ZLogin } from '@/lib/users/schemas';

export const ZSignIn = z.object({
  login: ZLogin,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(256, 'Passwords are at most 256 characters.'),
  rd: z.string().max(4096).optional(),
});
