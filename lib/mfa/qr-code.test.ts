import { describe, expect, it } from 'vitest';
import { QR_CODE_MAX_TEXT, qrCodeDataUrl } from './qr-code';

const PREFIX = 'data:image/svg+xml;base64,';
const decode = (url: string) => Buffer.from(url.slice(PREFIX.length), 'base64').toString('utf8');

describe('qrCodeDataUrl', () => {
  const uri = 'otpauth://totp/Gatehouse:anna?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30';

  it('returns an SVG image as a base64 data URL', async () => {
    const url = await qrCodeDataUrl(uri);
    expect(url.startsWith(PREFIX)).toBe(true);
    expect(url.slice(PREFIX.length)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const svg = decode(url);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<path');
  });

  it('does not carry the encoded text in readable form', async () => {
    expect(decode(await qrCodeDataUrl(uri))).not.toContain('JBSWY3DP');
  });

  it('is deterministic for the same text and differs for other text', async () => {
    expect(await qrCodeDataUrl(uri)).toBe(await qrCodeDataUrl(uri));
    expect(await qrCodeDataUrl(uri)).not.toBe(await qrCodeDataUrl(`${uri}x`));
  });

  it('accepts text of exactly the maximum length', async () => {
    expect(decode(await qrCodeDataUrl('a'.repeat(QR_CODE_MAX_TEXT)))).toContain('<svg');
  });

  it('refuses longer text with a readable error', async () => {
    await expect(qrCodeDataUrl('a'.repeat(QR_CODE_MAX_TEXT + 1))).rejects.toThrow('Text too long for a QR code: 2001 characters, at most 2000.');
  });

  it('refuses empty text with a readable error', async () => {
    await expect(qrCodeDataUrl('')).rejects.toThrow('Cannot make a QR code of empty text.');
  });
});
