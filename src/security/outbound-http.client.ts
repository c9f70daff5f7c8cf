import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/** Most connections one process keeps open to one host (the delivery concurrency is the usual bound). */
export const OUTBOUND_MAX_SOCKETS = 256;

/** How long an idle pooled connection stays open (a gateway usually closes its side sooner and says so). */
export const OUTBOUND_IDLE_MS = 15_000;

interface Pool {
  http: HttpAgent;
  https: HttpsAgent;
}

const pools = new WeakMap<OutboundPolicy, Pool>();

/**
 * The keep-alive connection pool of a policy: a gateway's connection (and its TLS session) is reused from
 * one message to the next instead of being opened and closed for each. A pooled connection was checked
 * by the policy's lookup when it was opened, to the address it is still connected to; every new one is.
 */
function poolOf(policy: OutboundPolicy): Pool {
  let pool = pools.get(policy);
  if (!pool) {
    const options = {
      keepAlive: true,
      maxSockets: OUTBOUND_MAX_SOCKETS,
      maxFreeSockets: 64,
      timeout: OUTBOUND_IDLE_MS,
    };
    pool = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    pools.set(policy, pool);
  }
  return pool;
}

/**
 * POSTs a body to a URL the outbound policy allows, without following redirects. The policy's
 * lookup decides on every address the host resolves to, in the connection actually made; an
 * IP-literal URL is checked before connecting. At most `maxBody` bytes of the answer are read.
 * Connections are kept open and reused (poolOf); a request whose reused connection the server had
 * closed meanwhile (ECONNRESET before any answer, the keep-alive race) is sent once more on a new one.
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
    const https = url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const pool = poolOf(policy);
    let settled = false;
    let req: ClientRequest;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new OutboundError(code, message));
    };
    const attempt = (retry: boolean) => {
      let answered = false;
      req = send(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: policy.lookup as never,
          agent: https ? pool.https : pool.http,
        },
        (res: IncomingMessage) => {
          answered = true;
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
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!settled && !retry && !answered && req.reusedSocket && error.code === 'ECONNRESET') return attempt(true);
        fail(error.code ?? 'ECONNECTION', error.message);
      });
      req.end(body);
    };
    const timer = setTimeout(() => {
      fail('TIMEOUT', `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    attempt(false);
  });
}
