import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 for alert tests. */
export interface SmtpListener {
  /** Every message it accepted: recipients and raw text. */
  received: { to: string[]; raw: string }[];
  /** `smtp://127.0.0.1:<port>`, as `SLUICE_SMTP_URL`. */
  url: string;
  close(): Promise<void>;
}

/** Starts an SMTP server on a free local port that keeps every message it accepts. */
export async function smtpListener(): Promise<SmtpListener> {
  const received: SmtpListener['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** A local HTTP receiver standing where a Slack webhook would. */
export interface WebhookReceiver {
  /** Each JSON body posted, in order. */
  posts: { text: string }[];
  /** `http://127.0.0.1:<port>/hooks/alerts`. */
  url: string;
  /** The HTTP status it answers from now on (200 at first). */
  answer(status: number): void;
  close(): Promise<void>;
}

/** Starts a webhook receiver on a free local port: keeps each JSON body and answers with the chosen status. */
export async function webhookReceiver(): Promise<WebhookReceiver> {
  const posts: { text: string }[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      posts.push(JSON.parse(body) as { text: string });
      res.statusCode = status;
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    posts,
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    answer: (next) => (status = next),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
