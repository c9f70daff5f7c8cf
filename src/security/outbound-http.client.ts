import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundPolicy } from './outbound-policy.helper';

export interface OutboundAnswer {
  status: number;
  /** The answer's first `maxBody` bytes as text (never shown to readers). */
  text: string;
}

/** A request that got no HTTP answer: `code` is the network error code (ECONNREFUSED, EDESTINATION …). */
export class OutboundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code === 'TIMEOUT' ? 'TimeoutError' : 'OutboundError';
  }
}

/**
 * POSTs a body to a URL the outbound policy allows, without following redirects. The policy's
 * lookup decides on every address the host resolves to, in the connection actually made; an
 * IP-literal URL is checked before connecting. At most `maxBody` bytes of the answer are read.
 */
export function postOutbound(
  policy: OutboundPolicy,
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  maxBody = 16 * 1024,
): Promise<OutboundAnswer> {
  return new Promise<OutboundAnswer>((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return reject(new OutboundError('EPROTOCOL', `not an http(s) URL`));
    }
    try {
      policy.checkLiteral(url.hostname);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return reject(new OutboundError(e.code ?? 'EDESTINATION', e.message));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new OutboundError(code, message));
    };
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: policy.lookup as never,
        agent: false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBody) chunks.push(chunk.subarray(0, maxBody - size));
          size += chunk.length;
          if (size >= maxBody) res.destroy();
        });
        const done = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      fail('TIMEOUT', `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ECONNECTION', error.message));
    req.end(body);
  });
}
