import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A configuration file that failed validation; each problem names the file, line and field. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

export type PathSegment = string | number;

/** A parsed YAML document that can say on which line a value stands. */
export class YamlSource {
  readonly data: unknown;
  private readonly lines = new LineCounter();
  private readonly document;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    if (this.document.errors.length > 0) {
      throw new ConfigFileError(
        file,
        this.document.errors.map((e) => `line ${this.lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`),
      );
    }
    this.data = this.document.toJS();
  }

  /** Reads a UTF-8 file; another encoding (GBK, as spreadsheet tools often save Chinese) is refused, naming the line. */
  static read(path: string): YamlSource {
    const bytes = readFileSync(path);
    let utf8: string;
    try {
      utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const text = new TextDecoder('utf-8').decode(bytes);
      const line = text.slice(0, text.indexOf('\ufffd')).split('\n').length;
      throw new ConfigFileError(basename(path), [
        `line ${line}: is not UTF-8 text (saved as GBK or GB2312?); save the file as UTF-8 and import it again`,
      ]);
    }
    return new YamlSource(basename(path), utf8);
  }

  /** "file.yaml:12 posts[3].seats[1].title" for the deepest node of the path that exists. */
  where(path: readonly PathSegment[]): string {
    const field = formatPath(path);
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        return `${this.file}:${this.lines.linePos(node.range[0]).line} ${field}`;
      }
    }
    return `${this.file} ${field}`;
  }

  /** Validates the document against a schema; every issue is reported with its line. */
  parse<T extends z.ZodType>(schema: T): z.infer<T> {
    const result = schema.safeParse(this.data);
    if (!result.success) {
      throw new ConfigFileError(
        this.file,
        result.error.issues.map((issue) => `${this.where(issue.path as PathSegment[])}: ${issue.message}`),
      );
    }
    return result.data;
  }
}

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '') || '(root)';
}
