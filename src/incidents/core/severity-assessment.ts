/**
 * Suggests an incident grade (突发事件分级) from reported figures, by applying the grading tables
 * of config/grading.yaml. Pure functions: no Nest, no database, no file access.
 *
 * The suggestion is advice quoting the criterion that decided; the duty officer's chosen grade
 * is what activates a command post (domain.md, "Grading criteria").
 */

export type Severity = 'I' | 'II' | 'III' | 'IV';

/** From most to least severe. */
export const SEVERITIES: readonly Severity[] = ['I', 'II', 'III', 'IV'];

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = {
  I: '特别重大',
  II: '重大',
  III: '较大',
  IV: '一般',
};

/** The grading value of incident types whose criteria are qualitative. */
export const QUALITATIVE = 'QUALITATIVE';

/** Figures a duty officer may report. Counts are people unless stated otherwise. */
export interface SeverityFigures {
  /** 死亡人数 */
  deaths?: number;
  /** 失踪人数 (counted as deaths where the table says 死亡(含失踪)) */
  missing?: number;
  /** 重伤人数 */
  seriouslyInjured?: number;
  /** 中毒人数 (counted with serious injuries where the table says 重伤(包括急性工业中毒) or 中毒或重伤) */
  poisoned?: number;
  /** 直接经济损失, in yuan */
  directLossYuan?: number;
  /** 疏散、转移人数 */
  evacuated?: number;
  /** 震级 (M) */
  magnitude?: number;
  /** 是否人口密集地区 (earthquake) */
  denselyPopulated?: boolean;
  /** 受害森林面积 or 受害草原面积 (by burnedLand), in hectares */
  burnedHectares?: number;
  /** 电梯轿厢滞留人员时长, in hours */
  elevatorEntrapmentHours?: number;
  /** 锅炉、压力容器、压力管道爆炸 */
  boilerOrPressureVesselExplosion?: boolean;
  /** 受地质灾害威胁需搬迁转移人数 */
  relocated?: number;
  /** 潜在可能造成的经济损失, in yuan */
  potentialLossYuan?: number;
}

type FigureName = keyof SeverityFigures;
type FigureKind<K extends FigureName> = NonNullable<SeverityFigures[K]> extends boolean ? 'boolean' : 'number';

export type NumericFigure = { [K in FigureName]: FigureKind<K> extends 'number' ? K : never }[FigureName];
export type BooleanFigure = { [K in FigureName]: FigureKind<K> extends 'boolean' ? K : never }[FigureName];

/** Every figure, its kind and its Chinese label. The mapped type keeps it in step with SeverityFigures. */
export const FIGURES: { readonly [K in FigureName]: { readonly kind: FigureKind<K>; readonly label: string } } = {
  deaths: { kind: 'number', label: '死亡人数' },
  missing: { kind: 'number', label: '失踪人数' },
  seriouslyInjured: { kind: 'number', label: '重伤人数' },
  poisoned: { kind: 'number', label: '中毒人数' },
  directLossYuan: { kind: 'number', label: '直接经济损失(元)' },
  evacuated: { kind: 'number', label: '疏散转移人数' },
  magnitude: { kind: 'number', label: '震级' },
  denselyPopulated: { kind: 'boolean', label: '是否人口密集地区' },
  burnedHectares: { kind: 'number', label: '受害森林或草原面积(公顷)' },
  elevatorEntrapmentHours: { kind: 'number', label: '电梯困人时长(小时)' },
  boilerOrPressureVesselExplosion: { kind: 'boolean', label: '锅炉、压力容器、压力管道爆炸' },
  relocated: { kind: 'number', label: '需搬迁转移人数' },
  potentialLossYuan: { kind: 'number', label: '潜在经济损失(元)' },
};

const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

function isFigureName(name: string): name is FigureName {
  return Object.prototype.hasOwnProperty.call(FIGURES, name);
}
function isNumericFigure(name: string): name is NumericFigure {
  return isFigureName(name) && FIGURES[name].kind === 'number';
}
function isBooleanFigure(name: string): name is BooleanFigure {
  return isFigureName(name) && FIGURES[name].kind === 'boolean';
}

// ---------------------------------------------------------------------------------------------
// Parsed grading.yaml

/** One grade of a criterion. Numeric figures: exactly one of min (>=) and above (>). Yes/no figures: text only. */
export interface GradingBand {
  /** Inclusive lower bound (以上 includes the number). */
  min?: number;
  /** Exclusive lower bound, for bands worded "X以下" whose lower end is "more than zero". */
  above?: number;
  /** The criterion as the regulation words it. */
  text: string;
}

export interface GradingCriterion {
  figure: FigureName;
  /** Figures added to `figure` before comparing (e.g. missing, for 死亡(含失踪)). */
  add?: NumericFigure[];
  /** The criterion applies only when these yes/no figures have these values (absent = false). */
  when?: Partial<Record<BooleanFigure, boolean>>;
  /** Optional label, e.g. 灾情 / 险情. */
  group?: string;
  bands: Partial<Record<Severity, GradingBand>>;
}

export interface GradingTable {
  id: string;
  name: string;
  regulation: string;
  /** Interpretations the table applies (Chinese); returned with every assessment, never as a quote. */
  decisions: string[];
  criteria: GradingCriterion[];
}

/** Where fires burned: the report says 森林 (FOREST) or 草原 (GRASSLAND). */
export type BurnedLand = 'FOREST' | 'GRASSLAND';
export const BURNED_LANDS: readonly BurnedLand[] = ['FOREST', 'GRASSLAND'];
export const BURNED_LAND_NAMES: Readonly<Record<BurnedLand, string>> = { FOREST: '森林', GRASSLAND: '草原' };

/** What the duty officer reports that is not a figure but chooses the table. */
export interface SeverityChoices {
  burnedLand?: BurnedLand | null;
}

/** A grading chosen by a report: e.g. forest or grassland fire tables by burnedLand. */
export interface GradingSelector {
  id: string;
  name: string;
  by: 'burnedLand';
  tables: Record<BurnedLand, string>;
  default: BurnedLand;
  decisions: string[];
}

export interface GradingTables {
  tables: GradingTable[];
  selectors?: GradingSelector[];
}

// ---------------------------------------------------------------------------------------------
// Validation of grading.yaml

const SOURCE = 'grading.yaml';

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(path: string, expectation: string, value: unknown): never {
  throw new Error(`${SOURCE}: ${path} ${expectation}, got ${describe(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) fail(path, 'must be a mapping', value);
  return value;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string', value);
  return value;
}

function expectBound(value: unknown, path: string): number {
  if (typeof value !== 'number') fail(path, 'must be a number', value);
  if (!Number.isFinite(value) || value < 0) fail(path, 'must be a finite non-negative number', value);
  return value;
}

function rejectUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new Error(`${SOURCE}: ${path}.${key} is not a known key (expected one of ${allowed.join(', ')})`);
    }
  }
}

function validateBand(raw: unknown, path: string, numeric: boolean): GradingBand {
  const record = expectRecord(raw, path);
  rejectUnknownKeys(record, numeric ? ['min', 'above', 'text'] : ['text'], path);
  const text = expectString(record.text, `${path}.text`);
  if (!numeric) return { text };
  const hasMin = record.min !== undefined;
  const hasAbove = record.above !== undefined;
  if (hasMin === hasAbove) {
    throw new Error(`${SOURCE}: ${path} must have exactly one of min (inclusive) or above (exclusive)`);
  }
  return hasMin
    ? { min: expectBound(record.min, `${path}.min`), text }
    : { above: expectBound(record.above, `${path}.above`), text };
}

/** The lower bound of a numeric band, for ordering checks. */
function lowerBound(band: GradingBand): number {
  return band.min ?? band.above ?? 0;
}

function validateCriterion(raw: unknown, path: string): GradingCriterion {
  const record = expectRecord(raw, path);
  rejectUnknownKeys(record, ['figure', 'add', 'when', 'group', 'bands'], path);

  const figure = record.figure;
  if (typeof figure !== 'string' || !isFigureName(figure)) {
    fail(`${path}.figure`, `must be one of ${FIGURE_NAMES.join(', ')}`, figure);
  }
  const numeric = FIGURES[figure].kind === 'number';
  const criterion: GradingCriterion = { figure, bands: {} };

  if (record.add !== undefined) {
    if (!numeric) fail(`${path}.add`, 'is only allowed on numeric figures', record.add);
    if (!Array.isArray(record.add)) fail(`${path}.add`, 'must be a list of figures', record.add);
    criterion.add = record.add.map((name: unknown, i: number): NumericFigure => {
      if (typeof name !== 'string' || !isNumericFigure(name) || name === figure) {
        fail(`${path}.add[${i}]`, 'must be a numeric figure other than the criterion figure', name);
      }
      return name;
    });
  }

  if (record.when !== undefined) {
    const when = expectRecord(record.when, `${path}.when`);
    const parsed: Partial<Record<BooleanFigure, boolean>> = {};
    for (const [name, value] of Object.entries(when)) {
      if (!isBooleanFigure(name)) {
        throw new Error(
          `${SOURCE}: ${path}.when.${name} is not a yes/no figure (expected one of ${FIGURE_NAMES.filter(isBooleanFigure).join(', ')})`,
        );
      }
      if (typeof value !== 'boolean') fail(`${path}.when.${name}`, 'must be true or false', value);
      parsed[name] = value;
    }
    criterion.when = parsed;
  }

  if (record.group !== undefined) criterion.group = expectString(record.group, `${path}.group`);

  const bands = expectRecord(record.bands, `${path}.bands`);
  rejectUnknownKeys(bands, SEVERITIES, `${path}.bands`);
  let previous: { severity: Severity; bound: number } | null = null;
  for (const severity of SEVERITIES) {
    if (bands[severity] === undefined) continue;
    const band = validateBand(bands[severity], `${path}.bands.${severity}`, numeric);
    if (numeric) {
      const bound = lowerBound(band);
      if (previous !== null && !(bound < previous.bound)) {
        throw new Error(
          `${SOURCE}: ${path}.bands.${severity} lower bound ${bound} must be below the bound of ${previous.severity} (${previous.bound})`,
        );
      }
      previous = { severity, bound };
    }
    criterion.bands[severity] = band;
  }
  const count = Object.keys(criterion.bands).length;
  if (count === 0) fail(`${path}.bands`, 'must define at least one of I, II, III, IV', record.bands);
  if (!numeric && count !== 1) {
    fail(`${path}.bands`, 'must define exactly one grade for a yes/no figure', record.bands);
  }
  return criterion;
}

/**
 * Checks parsed grading.yaml and returns it typed. Throws an Error naming the path of the first
 * bad entry, e.g. `grading.yaml: tables[2].criteria[1].bands.II.min must be a number, got "x"`.
 */
export function validateGradingTables(raw: unknown): GradingTables {
  const root = expectRecord(raw, 'root');
  if (!Array.isArray(root.tables) || root.tables.length === 0) {
    fail('tables', 'must be a non-empty list', root.tables);
  }
  const seen = new Set<string>();
  const tables = root.tables.map((rawTable: unknown, t: number): GradingTable => {
    const path = `tables[${t}]`;
    const record = expectRecord(rawTable, path);
    rejectUnknownKeys(record, ['id', 'name', 'regulation', 'decisions', 'criteria'], path);
    const id = expectString(record.id, `${path}.id`);
    if (!/^[A-Z][A-Z0-9_]*$/.test(id)) fail(`${path}.id`, 'must be an upper-case code like PRODUCTION_SAFETY', id);
    if (id === QUALITATIVE) fail(`${path}.id`, `must not be ${QUALITATIVE} (reserved for qualitative types)`, id);
    if (seen.has(id)) fail(`${path}.id`, 'must be unique', id);
    seen.add(id);
    const name = expectString(record.name, `${path}.name`);
    const regulation = expectString(record.regulation, `${path}.regulation`);
    if (!Array.isArray(record.criteria) || record.criteria.length === 0) {
      fail(`${path}.criteria`, 'must be a non-empty list', record.criteria);
    }
    const criteria = record.criteria.map((c: unknown, i: number) => validateCriterion(c, `${path}.criteria[${i}]`));
    return { id, name, regulation, decisions: validateDecisions(record.decisions, `${path}.decisions`), criteria };
  });
  const selectors = validateSelectors(root.selectors, seen);
  rejectUnknownKeys(root, ['tables', 'selectors'], 'root');
  return { tables, selectors };
}

function validateDecisions(raw: unknown, path: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail(path, 'must be a list of texts', raw);
  return raw.map((text: unknown, i: number) => expectString(text, `${path}[${i}]`));
}

function validateSelectors(raw: unknown, tableIds: Set<string>): GradingSelector[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('selectors', 'must be a list', raw);
  const ids = new Set(tableIds);
  return raw.map((rawSelector: unknown, s: number): GradingSelector => {
    const path = `selectors[${s}]`;
    const record = expectRecord(rawSelector, path);
    rejectUnknownKeys(record, ['id', 'name', 'by', 'tables', 'default', 'decisions'], path);
    const id = expectString(record.id, `${path}.id`);
    if (ids.has(id) || id === QUALITATIVE) fail(`${path}.id`, 'must differ from every table and selector id', id);
    ids.add(id);
    if (record.by !== 'burnedLand') fail(`${path}.by`, 'must be burnedLand', record.by);
    const tables = expectRecord(record.tables, `${path}.tables`);
    rejectUnknownKeys(tables, BURNED_LANDS, `${path}.tables`);
    const chosen = {} as Record<BurnedLand, string>;
    for (const land of BURNED_LANDS) {
      const table = expectString(tables[land], `${path}.tables.${land}`);
      if (!tableIds.has(table))
        fail(`${path}.tables.${land}`, `must name a table (${[...tableIds].join(', ')})`, table);
      chosen[land] = table;
    }
    const fallback = record.default;
    if (typeof fallback !== 'string' || !(BURNED_LANDS as readonly string[]).includes(fallback)) {
      fail(`${path}.default`, `must be one of ${BURNED_LANDS.join(', ')}`, fallback);
    }
    return {
      id,
      name: expectString(record.name, `${path}.name`),
      by: 'burnedLand',
      tables: chosen,
      default: fallback as BurnedLand,
      decisions: validateDecisions(record.decisions, `${path}.decisions`),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Assessment

export interface SeverityMatch {
  /** The figure compared, e.g. "deaths" or "deaths+missing" when missing persons count as deaths. */
  figure: string;
  value: number | boolean;
  /** The highest grade this criterion reaches. */
  severity: Severity;
  /** The band's text, as the regulation words it. */
  criterion: string;
}

export interface SeverityAssessment {
  /** True when the type's criteria are qualitative: no grade is suggested. */
  qualitative: boolean;
  /** The suggested grade, or null (qualitative, no figures, or below grade IV). */
  suggested: Severity | null;
  /** The criterion text that decided (several joined with "; " when they reach the same grade). */
  criterion: string | null;
  /** The regulation the table cites. */
  regulation: string | null;
  /** The grading table applied, or null for qualitative types. */
  table: string | null;
  /** Every criterion reached, each with the highest grade it reaches, most severe first. */
  matched: SeverityMatch[];
  /** Assumptions made, e.g. an absent yes/no figure read as "no". */
  notes: string[];
  /** The interpretations the table (and selector) apply, as config/grading.yaml records them; not quotes. */
  decisions: string[];
  /** Chinese, for the duty officer. */
  message: string;
}

const QUALITATIVE_MESSAGE = '该类事件分级标准为定性标准, 请值班员根据实际情况确定级别';

function gradeLabel(severity: Severity): string {
  return `${severity}级(${SEVERITY_NAMES[severity]})`;
}

/**
 * Checks reported figures: numbers must be finite and non-negative, yes/no figures booleans.
 * null counts as not reported (GraphQL sends null for omitted fields). Unknown names are rejected.
 */
export function validateSeverityFigures(figures: unknown): SeverityFigures {
  if (figures === undefined || figures === null) return {};
  if (!isRecord(figures)) throw new Error(`severity figures must be an object, got ${describe(figures)}`);
  const result: SeverityFigures = {};
  for (const [name, value] of Object.entries(figures)) {
    if (!isFigureName(name)) {
      throw new Error(`unknown severity figure "${name}" (expected one of ${FIGURE_NAMES.join(', ')})`);
    }
    if (value === undefined || value === null) continue;
    if (isBooleanFigure(name)) {
      if (typeof value !== 'boolean') throw new Error(`${name} must be true or false, got ${describe(value)}`);
      result[name] = value;
    } else if (isNumericFigure(name)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`${name} must be a non-negative number, got ${describe(value)}`);
      }
      result[name] = value;
    }
  }
  return result;
}

/** The ids an incident type's `grading` may name: tables and selectors. */
export function gradingIds(tables: GradingTables): string[] {
  return [...tables.tables.map((table) => table.id), ...(tables.selectors ?? []).map((selector) => selector.id)];
}

/** The table a grading id stands for, with the selector's notes and decisions when it chose one. */
function findTable(
  tables: GradingTables,
  id: string,
  choices: SeverityChoices,
): { table: GradingTable; notes: string[]; decisions: string[] } {
  const selector = (tables.selectors ?? []).find((candidate) => candidate.id === id);
  let tableId = id;
  const notes: string[] = [];
  if (selector) {
    const land = choices.burnedLand ?? null;
    if (land !== null && !BURNED_LANDS.includes(land)) {
      throw new Error(`burnedLand must be one of ${BURNED_LANDS.join(', ')}, got ${describe(land)}`);
    }
    tableId = selector.tables[land ?? selector.default];
    if (land === null)
      notes.push(
        `未说明${BURNED_LAND_NAMES.FOREST}或${BURNED_LAND_NAMES.GRASSLAND}, 按${BURNED_LAND_NAMES[selector.default]}评估`,
      );
  }
  const table = tables.tables.find((candidate) => candidate.id === tableId);
  if (!table) {
    throw new Error(
      `unknown grading table "${id}" (expected ${QUALITATIVE} or one of ${gradingIds(tables).join(', ')})`,
    );
  }
  return { table, notes, decisions: [...(selector?.decisions ?? []), ...table.decisions] };
}

function reachedBand(criterion: GradingCriterion, value: number | boolean): Severity | null {
  for (const severity of SEVERITIES) {
    const band = criterion.bands[severity];
    if (!band) continue;
    if (typeof value === 'boolean') {
      if (value) return severity;
    } else if (band.min !== undefined ? value >= band.min : band.above !== undefined && value > band.above) {
      return severity;
    }
  }
  return null;
}

/**
 * Suggests a grade for reported figures.
 *
 * @param tables        parsed and validated grading.yaml
 * @param gradingOfType the `grading` of the incident type: a table id, or QUALITATIVE
 * @param figures       the reported figures; absent or null figures are not reported
 * @throws on an unknown table id, or a negative / non-finite / wrongly typed figure
 */
export function assessSeverity(
  tables: GradingTables,
  gradingOfType: string,
  figures: SeverityFigures,
  choices: SeverityChoices = {},
): SeverityAssessment {
  const reported = validateSeverityFigures(figures);

  if (gradingOfType === QUALITATIVE) {
    return {
      qualitative: true,
      suggested: null,
      criterion: null,
      regulation: null,
      table: null,
      matched: [],
      notes: [],
      decisions: [],
      message: QUALITATIVE_MESSAGE,
    };
  }

  const { table, notes, decisions } = findTable(tables, gradingOfType, choices);
  const matched: SeverityMatch[] = [];
  let anyFigureReported = false;

  for (const criterion of table.criteria) {
    const conditions = Object.entries(criterion.when ?? {}) as Array<[BooleanFigure, boolean]>;
    if (!conditions.every(([name, expected]) => (reported[name] ?? false) === expected)) continue;

    let value: number | boolean;
    let figure: string = criterion.figure;
    const own = reported[criterion.figure];
    if (FIGURES[criterion.figure].kind === 'boolean') {
      if (own === undefined) continue;
      value = own === true;
    } else {
      const parts = [criterion.figure, ...(criterion.add ?? [])];
      const values = parts.map((name) => reported[name]);
      if (values.every((part) => part === undefined)) continue;
      value = values.reduce<number>((sum, part) => sum + (typeof part === 'number' ? part : 0), 0);
      if (parts.length > 1) figure = parts.join('+');
    }
    anyFigureReported = true;

    for (const [name] of conditions) {
      const note = `未说明${FIGURES[name].label}, 按"否"评估`;
      if (reported[name] === undefined && !notes.includes(note)) notes.push(note);
    }

    const severity = reachedBand(criterion, value);
    if (severity) {
      const band = criterion.bands[severity];
      if (band) matched.push({ figure, value, severity, criterion: band.text });
    }
  }

  matched.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const noteSuffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';

  if (matched.length === 0) {
    const used = [
      ...new Set(
        table.criteria.flatMap((criterion) => [
          criterion.figure,
          ...(criterion.add ?? []),
          ...Object.keys(criterion.when ?? {}),
        ]),
      ),
    ]
      .filter(isFigureName)
      .map((name) => FIGURES[name].label);
    const message = anyFigureReported
      ? `所报数据未达到${table.name}IV级(一般)分级标准, 不建议级别 (${table.regulation}); 请值班员根据实际情况确定级别${noteSuffix}`
      : `未提供${table.name}分级所需数据(${used.join('、')}), 无法建议级别; 请值班员根据实际情况确定级别`;
    return {
      qualitative: false,
      suggested: null,
      criterion: null,
      regulation: table.regulation,
      table: table.id,
      matched,
      notes,
      decisions,
      message,
    };
  }

  const suggested = matched[0].severity;
  const criterion = matched
    .filter((match) => match.severity === suggested)
    .map((match) => match.criterion)
    .join('; ');
  return {
    qualitative: false,
    suggested,
    criterion,
    regulation: table.regulation,
    table: table.id,
    matched,
    notes,
    decisions,
    message: `建议定为${gradeLabel(suggested)}: ${criterion} (${table.regulation})${noteSuffix}`,
  };
}
