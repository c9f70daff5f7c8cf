/**
 * Checks and normalises what a duty officer reports, before anything is written. Pure: the clock,
 * the known types and counties are passed in. Every problem is a BadInputException naming the
 * field and the value.
 */
import { createHash } from 'node:crypto';
import { BadInputException } from '../../common/domain.exception';
import type { Severity } from '../../common/core/severity';
import type { JurisdictionConfig } from '../../config/incident.config';

/** Length limits, in characters (also stated in the GraphQL input descriptions). */
export const LIMITS = {
  title: 200,
  description: 5000,
  location: 100,
  reporter: 100,
  idempotencyKey: 128,
  reason: 1000,
} as const;

/** How far in the future occurredAt may be, for clocks that are a little ahead. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface IncidentFacts {
  title: string;
  description: string | null;
  location: string | null;
  county: string | null;
  occurredAt: Date | null;
  reporter: string | null;
}

export interface NormalizedReport extends IncidentFacts {
  incidentType: string;
  severity: Severity;
  idempotencyKey: string | null;
  /** A drill (演练). */
  exercise: boolean;
}

export interface ReportFields {
  incidentType: string;
  severity: Severity;
  title: string;
  description?: string | null;
  location?: string | null;
  county?: string | null;
  occurredAt?: Date | null;
  reporter?: string | null;
  idempotencyKey?: string | null;
  exercise?: boolean | null;
}

export interface ValidationContext {
  now: Date;
  /** Throws a BadInputException for an unknown incident type. */
  checkType: (code: string) => void;
  counties: CountyIndex;
}

const length = (text: string) => Array.from(text).length;

/** A long value is quoted by its beginning and its length, not whole. */
export function preview(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 60 ? text : `${chars.slice(0, 40).join('')}… (${chars.length} characters)`;
}

/** The title: required, trimmed, at most LIMITS.title characters. */
export function checkTitle(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadInputException('title', value ?? null, 'must not be empty');
  const title = value.trim();
  if (length(title) > LIMITS.title) {
    throw new BadInputException(
      'title',
      preview(title),
      `is longer than ${LIMITS.title} characters (${length(title)})`,
    );
  }
  return title;
}

/** An optional text: trimmed, empty is null, at most `limit` characters. */
export function checkOptionalText(field: keyof typeof LIMITS, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  const limit = LIMITS[field];
  if (length(text) > limit)
    throw new BadInputException(field, preview(text), `is longer than ${limit} characters (${length(text)})`);
  return text;
}

/** A required free text (a reason): trimmed, not empty, at most LIMITS.reason characters. */
export function checkReason(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadInputException('reason', value ?? null, 'must not be empty');
  const text = value.trim();
  if (length(text) > LIMITS.reason)
    throw new BadInputException(
      'reason',
      preview(text),
      `is longer than ${LIMITS.reason} characters (${length(text)})`,
    );
  return text;
}

export function checkOccurredAt(value: Date | null | undefined, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  if (value.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new BadInputException(
      'occurredAt',
      value.toISOString(),
      `is in the future (server time is ${now.toISOString()}; up to ${CLOCK_SKEW_MS / 60000} minutes of clock skew are allowed)`,
    );
  }
  return value;
}

export function checkIdempotencyKey(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const key = value.trim();
  if (key === '') throw new BadInputException('idempotencyKey', value, 'must not be empty when given; omit it instead');
  if (length(key) > LIMITS.idempotencyKey) {
    throw new BadInputException(
      'idempotencyKey',
      preview(key),
      `is longer than ${LIMITS.idempotencyKey} characters (${length(key)})`,
    );
  }
  return key;
}

/** The counties/districts of config/jurisdiction.yaml, by name and alias. */
export class CountyIndex {
  private readonly byName = new Map<string, string>();
  readonly names: string[];

  constructor(readonly config: JurisdictionConfig) {
    this.names = config.counties.map((c) => c.name);
    for (const county of config.counties) {
      for (const name of [county.name, ...county.aliases]) this.byName.set(normalize(name), county.name);
    }
  }

  /** The canonical county for a name or alias; a BadInputException otherwise. Empty is null. */
  check(value: string | null | undefined, field = 'county'): string | null {
    if (value === undefined || value === null || value.trim() === '') return null;
    const county = this.byName.get(normalize(value));
    if (!county) {
      throw new BadInputException(
        field,
        value,
        `is not a county or district of ${this.config.jurisdiction.name}; expected one of ${this.names.join(', ')}`,
      );
    }
    return county;
  }
}

const normalize = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** Validates and normalises a report. Throws on the first bad field, in input order. */
export function normalizeReport(input: ReportFields, context: ValidationContext): NormalizedReport {
  const incidentType = (input.incidentType ?? '').trim();
  context.checkType(incidentType);
  return {
    incidentType,
    severity: input.severity,
    title: checkTitle(input.title),
    description: checkOptionalText('description', input.description),
    location: checkOptionalText('location', input.location),
    county: context.counties.check(input.county),
    occurredAt: checkOccurredAt(input.occurredAt, context.now),
    reporter: checkOptionalText('reporter', input.reporter),
    idempotencyKey: checkIdempotencyKey(input.idempotencyKey),
    exercise: input.exercise === true,
  };
}

/** The reported facts as an incident event records them (and as the report hash reads them). */
export function reportFacts(report: NormalizedReport): Record<string, unknown> {
  return {
    incidentType: report.incidentType,
    severity: report.severity,
    title: report.title,
    description: report.description,
    location: report.location,
    county: report.county,
    occurredAt: report.occurredAt ? report.occurredAt.toISOString() : null,
    reporter: report.reporter,
  };
}

/**
 * A fingerprint of the report's content (not of its key): a retry with the same key and the same
 * content returns the first incident; the same key with another content is refused.
 */
export function reportHash(report: NormalizedReport): string {
  // exercise only when set, so the hashes of reports made before exercises existed stay the same.
  const content = { ...reportFacts(report), ...(report.exercise ? { exercise: true } : {}) };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
