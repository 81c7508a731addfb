import type { Metadata, Viewport } from 'next';
import { GeistSans } from 'geist/font/sans';
import localFont from 'next/font/local';
import { getLocale } from 'next-intl/server';
import './globals.css';

// Geist from the `geist` package. Its mono face is declared here rather than imported ready-made so that it is not
// preloaded: a preload would put 70 KB ahead of the page's own scripts on a phone's connection (and into
// Lighthouse's LCP) for a face that phone pages rarely show (code, key hints); it loads when a page shows some.
// The text face stays preloaded: a font found only through the CSS is fetched at the highest priority after it,
// which Lighthouse counts as render-blocking (FCP 0.8 → 1.3 s when tried).
const geistMono = localFont({
  src: '../node_modules/geist/dist/fonts/geist-mono/GeistMono-Variable.woff2',
  variable: '--font-geist-mono',
  weight: '100 900',
  preload: false,
  adjustFontFallback: false,
  fallback: ['ui-monospace', 'SFMono-Regular', 'Roboto Mono', 'Menlo', 'Monaco', 'Liberation Mono', 'DejaVu Sans Mono', 'Courier New', 'monospace'],
});

export const metadata: Metadata = {
  title: { default: 'Boltwork', template: '%s · Boltwork' },
  description: 'Earn bitcoin on your phone doing the human judgments that AI fine-tuning needs.',
  applicationName: 'Boltwork',
  icons: { icon: '/icons/icon.svg', apple: '/icons/icon-192.png' },
  appleWebApp: { capable: true, title: 'Boltwork', statusBarStyle: 'default' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang={await getLocale()} className={`${GeistSans.variable} ${geistMono.variable}`}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
