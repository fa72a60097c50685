/**
 * QR codes rendered on the server, so enrolling an authenticator never sends the secret to a
 * third-party image service. The result is a data: URL for an <img> (the CSP allows img-src data:).
 */
import QRCode from 'qrcode';

/** Longest text accepted; an otpauth:// URI is well under 300 characters. */
export const QR_CODE_MAX_TEXT = 2000;

/** `text` as an SVG QR code (error correction M), in a `data:image/svg+xml;base64,…` URL. */
export async function qrCodeDataUrl(text: string): Promise<string> {
  if (text.length === 0) throw new Error('Cannot make a QR code of empty text.');
  if (text.length > QR_CODE_MAX_TEXT) {
    throw new Error(`Text too long for a QR code: ${text.length} characters, at most ${QR_CODE_MAX_TEXT}.`);
  }
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
