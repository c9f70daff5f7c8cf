/**
 * A value as an error message quotes it: JSON, with every character that would change how the rest of the
 * message displays, or hide itself, written as its escape (\u202e). JSON.stringify escapes C0 controls but
 * leaves bidirectional controls (a right-to-left override turns the message after it around), C1 controls,
 * zero-width characters and line separators as they are. Pure; no Nest.
 */
const HIDDEN = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function quotedValue(value: unknown): string {
  return hiddenShown(JSON.stringify(value) ?? String(value));
}

/** Text as a message shows it: as it is, but every such character written as its escape (\u202e). */
export function hiddenShown(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
