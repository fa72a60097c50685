/**
 * An uploaded icon is taken for what its bytes are, never for the type the browser claimed:
 * PNG, JPEG or WebP by their magic numbers, at most 256 KiB. SVG (and anything else) is refused,
 * as it can carry script.
 */
import { AppError } from '../errors';

export const MAX_ICON_BYTES = 256 * 1024;
export const ICON_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type TIconType = (typeof ICON_TYPES)[number];

const startsWith = (bytes: Uint8Array, at: number, expected: number[]) => expected.every((value, i) => bytes[at + i] === value);

/** The type the bytes really are, or null. */
export function sniffIconType(bytes: Uint8Array): TIconType | null {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}

/** The icon's bytes and type, or a field error for `iconFile`. */
export function checkIconImage(bytes: Uint8Array): { data: Uint8Array<ArrayBuffer>; type: TIconType } {
  if (bytes.length === 0) throw new AppError('INVALID', 'The icon file is empty.', 'iconFile');
  if (bytes.length > MAX_ICON_BYTES)
    throw new AppError('TOO_LARGE', 'An icon is at most 256 KiB. Use a smaller image (128 × 128 pixels is plenty).', 'iconFile');
  const type = sniffIconType(bytes);
  if (!type) throw new AppError('INVALID', 'An icon must be a PNG, JPEG or WebP image. SVG is not accepted: it can carry script.', 'iconFile');
  return { data: Uint8Array.from(bytes), type };
}
