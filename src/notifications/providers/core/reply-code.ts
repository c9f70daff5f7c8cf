/**
 * Reply-to-confirm (上行短信). Replies carry no message id, so every SMS asks the person to reply
 * "1 <code>" with a short code of their own for that incident. Pure.
 */

export const REPLY_CODE_LENGTH = 4;

/** Words a person may put before or after the code ("确认4721", "1 4721", "4721收到", "ok 4721"). */
const CONFIRM_WORDS = ['确认收到', '已收到', '收到', '确认', '同意', '好的', '好', 'ok', 'yes', 'y', 'qr'];

export type ParsedReply = { kind: 'CODE'; code: string } | { kind: 'NOT_A_CONFIRMATION' };

/**
 * Reads a reply. Full-width characters are folded, spaces and punctuation dropped; what remains must
 * be an optional confirming word or "1", and the 4-digit code. Anything else is not a confirmation.
 */
export function parseReply(text: string): ParsedReply {
  let t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s,，.。:：;；!！?？#＃*\-_、"'“”‘’()（）【】[\]]/g, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const word of CONFIRM_WORDS) {
      if (t.startsWith(word) && t.length > word.length) {
        t = t.slice(word.length);
        changed = true;
      } else if (t.endsWith(word) && t.length > word.length) {
        t = t.slice(0, -word.length);
        changed = true;
      }
    }
  }
  const match = new RegExp(`^1?(\\d{${REPLY_CODE_LENGTH}})$`).exec(t);
  return match ? { kind: 'CODE', code: match[1] } : { kind: 'NOT_A_CONFIRMATION' };
}

/**
 * A new code for a person: 4 digits (1000–9999), none of those already given to the person.
 * `random` returns an integer in [0, n).
 */
export function newReplyCode(taken: ReadonlySet<string>, random: (n: number) => number): string {
  const span = 9000;
  if (taken.size >= span) throw new Error('every reply code of this person is taken');
  let candidate = 1000 + random(span);
  while (taken.has(String(candidate))) candidate = 1000 + ((candidate - 1000 + 1) % span);
  return String(candidate);
}
