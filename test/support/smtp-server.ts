import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server on 127.0.0.1 (no TLS, no AUTH) standing in for the mail relay. `rcpt`
 * decides the answer to each RCPT TO (e.g. "550 5.1.1 user unknown"); accepted mails are kept.
 */
export class FakeSmtpServer {
  readonly mails: ReceivedMail[] = [];
  rcpt: (address: string, nth: number) => string = () => '250 2.1.5 OK';
  private readonly seen = new Map<string, number>();
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake.smtp ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          this.mails.push(mail);
          mail = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued as FAKE1');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO') reply('250-fake.smtp\r\n250 8BITMIME');
        else if (command === 'HELO') reply('250 fake.smtp');
        else if (command === 'MAIL') {
          mail.from = line;
          reply('250 2.1.0 OK');
        } else if (command === 'RCPT') {
          const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
          const nth = (this.seen.get(address) ?? 0) + 1;
          this.seen.set(address, nth);
          const answer = this.rcpt(address, nth);
          if (answer.startsWith('2')) mail.to.push(address);
          reply(answer);
        } else if (command === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (command === 'RSET') {
          mail = { from: '', to: [], data: '' };
          reply('250 2.0.0 OK');
        } else if (command === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('250 OK');
      }
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
