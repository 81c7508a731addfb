// The Chromium the e2e suite and the browser benches drive, with nothing installed by hand: CHROMIUM_PATH when set,
// else the Chromium inside the @sparticuz/chromium npm package (Linux x64; unpacked into the temp folder on first
// use, no download), else a system /usr/bin/chromium. Elsewhere it says in one line what to set.
import fs from 'node:fs';

export async function resolveChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (process.platform === 'linux' && process.arch === 'x64') {
    const { default: bundled } = await import('@sparticuz/chromium');
    return bundled.executablePath();
  }
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(`No Chromium for ${process.platform}-${process.arch}: install one and set CHROMIUM_PATH to it.`);
}
