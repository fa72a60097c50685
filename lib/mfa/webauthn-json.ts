/**
 * The browser's WebAuthn answers as they reach a server action: checked for shape and size
 * before SimpleWebAuthn looks at them (it verifies the content).
 */
import { z } from 'zod';

const b64url = z
  .string()
  .max(65_536)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'not base64url');

export const ZWebauthnResponse = z.object({
  id: b64url.max(2048),
  rawId: b64url.max(2048),
  type: z.literal('public-key'),
  // Strings (base64url fields), a number (publicKeyAlgorithm) and the transports list.
  response: z.record(z.string(), z.union([z.string().max(65_536), z.number(), z.array(z.string().max(32)).max(10)])),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({}),
  authenticatorAttachment: z.string().max(32).optional(),
});
