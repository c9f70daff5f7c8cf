/**
 * Alibaba Cloud RPC request signing, signature version 1.0 (HMAC-SHA1), as documented for the
 * RPC-style OpenAPI (SMS dysmsapi, voice dyvmsapi). Pure: no Nest, no I/O.
 *
 *   CanonicalizedQueryString = the parameters (all but Signature) sorted by name, each
 *                              percentEncode(name) + "=" + percentEncode(value), joined with "&"
 *   StringToSign             = METHOD + "&" + percentEncode("/") + "&" + percentEncode(CanonicalizedQueryString)
 *   Signature                = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
 */
import { createHmac, randomUUID } from 'node:crypto';

/** RFC 3986 encoding as Alibaba Cloud wants it: encodeURIComponent plus ! ' ( ) * escaped. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
}

export function acsStringToSign(method: 'GET' | 'POST', params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function acsSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(acsStringToSign(method, params), 'utf8').digest('base64');
}

/** "2017-07-12T02:42:19Z": ISO 8601 in UTC without milliseconds, as the Timestamp parameter wants. */
export function acsTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The common parameters of one call plus its own, signed: the form body (or query) to send. */
export function signAcsRequest(
  method: 'GET' | 'POST',
  action: string,
  version: string,
  params: Record<string, string>,
  credentials: { accessKeyId: string; accessKeySecret: string },
  at = new Date(),
  nonce: string = randomUUID(),
): Record<string, string> {
  const all: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    Action: action,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    Timestamp: acsTimestamp(at),
    Version: version,
    ...params,
  };
  return { ...all, Signature: acsSignature(method, all, credentials.accessKeySecret) };
}
