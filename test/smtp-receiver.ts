// A real SMTP server on 127.0.0.1 (smtp-server) for tests that send mail: what the app sends arrives here over SMTP,
// through nodemailer, as it would at a real mail server. Set SMTP_URL to `url` before the app reads its env.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; raw: string };

export async function startSmtpReceiver() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    received,
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?ignoreTLS=true`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** The first match of `pattern` in the newest mail to `email`, quoted-printable decoded; throws when there is none. */
    lastMatch(email: string, pattern: RegExp): RegExpExecArray {
      const mail = [...received].reverse().find((m) => m.to.includes(email));
      if (!mail) throw new Error(`no mail to ${email}`);
      const body = mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      const match = pattern.exec(body);
      if (!match) throw new Error(`the newest mail to ${email} has no ${pattern}`);
      return match;
    },
  };
}
