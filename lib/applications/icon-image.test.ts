import { describe, expect, it } from 'vitest';
import { checkIconImage, MAX_ICON_BYTES, sniffIconType } from './icon-image';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = new Uint8Array([...Buffer.from('RIFF'), 1, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);

describe('uploaded icons', () => {
  it('are typed by their bytes', () => {
    expect(sniffIconType(png)).toBe('image/png');
    expect(sniffIconType(jpeg)).toBe('image/jpeg');
    expect(sniffIconType(webp)).toBe('image/webp');
    expect(sniffIconType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffIconType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffIconType(new Uint8Array([...Buffer.from('RIFF'), 1, 0, 0, 0, ...Buffer.from('WAVE')]))).toBeNull();
  });

  it('refuses SVG, empty and oversized files with a field error', () => {
    expect(() => checkIconImage(Buffer.from('<svg/>'))).toThrow(/PNG, JPEG or WebP/);
    expect(() => checkIconImage(new Uint8Array())).toThrow(/empty/);
    const big = new Uint8Array(MAX_ICON_BYTES + 1);
    big.set(png);
    expect(() => checkIconImage(big)).toThrow(/256 KiB/);
    const fits = new Uint8Array(MAX_ICON_BYTES);
    fits.set(png);
    expect(checkIconImage(fits).type).toBe('image/png');
  });
});
