import 'server-only';
import QRCode from 'qrcode';

/** An SVG data URL, made on the server so phones download no QR library. */
export async function toQrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
