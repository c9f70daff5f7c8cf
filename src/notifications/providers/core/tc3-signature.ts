/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), as documented ("签名方法 v3"). Pure.
 *
 *   CanonicalRequest = POST \n / \n <query> \n <canonical headers> \n <signed headers> \n hex(sha256(body))
 *   StringToSign     = "TC3-HMAC-SHA256" \n <timestamp> \n <date>/<service>/tc3_request \n hex(sha256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 *   Signature        = hex(HMAC(key, StringToSign)); date is the UTC date of the timestamp
 */
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/** YYYY-MM-DD (UTC) of a Unix timestamp in seconds. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export interface Tc3Input {
  /** Header name (any case) → value; every one of them is signed. Must include content-type and host. */
  headers: Record<string, string>;
  body: string;
  service: string;
  timestamp: number;
  query?: string;
}

export function tc3CanonicalRequest(input: Tc3Input): { canonical: string; signedHeaders: string } {
  const entries = Object.entries(input.headers)
    .map(([k, v]) => [k.toLowerCase().trim(), v.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = entries.map(([k, v]) => `${k}:${v}\n`).join('');
  const signedHeaders = entries.map(([k]) => k).join(';');
  const canonical = ['POST', '/', input.query ?? '', canonicalHeaders, signedHeaders, sha256Hex(input.body)].join('\n');
  return { canonical, signedHeaders };
}

export function tc3StringToSign(input: Tc3Input): string {
  const scope = `${tc3Date(input.timestamp)}/${input.service}/tc3_request`;
  return [TC3_ALGORITHM, String(input.timestamp), scope, sha256Hex(tc3CanonicalRequest(input).canonical)].join('\n');
}

export function tc3Signature(secretKey: string, input: Tc3Input): string {
  const date = tc3Date(input.timestamp);
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), input.service), 'tc3_request');
  return createHmac('sha256', key).update(tc3StringToSign(input), 'utf8').digest('hex');
}

/** The Authorization header value. */
export function tc3Authorization(secretId: string, secretKey: string, input: Tc3Input): string {
  const { signedHeaders } = tc3CanonicalRequest(input);
  const scope = `${tc3Date(input.timestamp)}/${input.service}/tc3_request`;
  return `${TC3_ALGORITHM} Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${tc3Signature(secretKey, input)}`;
}
