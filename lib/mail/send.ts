import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';

// Outgoing mail. With SMTP_URL it goes through that server (nodemailer); in demo mode without one it is written to
// the outbox table, which /dev/outbox shows, so a demo can follow a reset link with no mail server. Outside demo
// mode without SMTP_URL a production start refuses (lib/ops/production-checks.ts), and sending throws.

export type Mail = { to: string; subject: string; text: string };

const holder = globalThis as unknown as { __boltworkMail?: Transporter };

function transporter(url: string): Transporter {
  holder.__boltworkMail ??= nodemailer.createTransport(url);
  return holder.__boltworkMail;
}

export async function sendMail(mail: Mail): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    await transporter(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return;
  }
  if (!env.isDemoMode) throw new Error('SMTP_URL is not set: mail cannot be sent outside demo mode.');
  await db.outboxMail.create({ data: mail });
}
