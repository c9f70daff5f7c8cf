/**
 * Suggests an incident grade (突发事件分级) from reported figures, by applying the grading tables
 * of config/grading.yaml (grading-tables.ts). Pure functions: no Nest, no database, no file access.
 *
 * The suggestion is advice quoting the criterion that decided; the duty officer's chosen grade
 * is what activates a command post (domain.md, "Grading criteria").
 */
import { Severity, SEVERITIES, SEVERITY_NAMES } from '../../common/core/severity';
import { GradingCriterion, gradingIds, GradingTable, GradingTables, QUALITATIVE } from './grading-tables';
import {
  BooleanFigure,
  BURNED_LAND_NAMES,
  BURNED_LANDS,
  describeValue,
  FIGURES,
  isFigureName,
  SeverityChoices,
  SeverityFigures,
  validateSeverityFigures,
} from './severity-figures';

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

/** The table a grading id stands for, with the selector's notes and decisions when it chose one. */
function findTable(
  tables: GradingTables,
  id: string,
  choices: SeverityChoices,
): { table: GradingTable; notes: string[]; decisions: string[] } {
  const selector = tables.selectors.find((candidate) => candidate.id === id);
  let tableId = id;
  const notes: string[] = [];
  if (selector) {
    const land = choices.burnedLand ?? null;
    if (land !== null && !BURNED_LANDS.includes(land)) {
      throw new Error(`burnedLand must be one of ${BURNED_LANDS.join(', ')}, got ${describeValue(land)}`);
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
