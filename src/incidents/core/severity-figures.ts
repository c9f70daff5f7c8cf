/**
 * The figures a duty officer may report for grading (deaths, losses, magnitude …), and their check.
 * Pure: no Nest, no database, no file access.
 */

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

export type FigureName = keyof SeverityFigures;
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

export function isFigureName(name: string): name is FigureName {
  return Object.prototype.hasOwnProperty.call(FIGURES, name);
}
export function isNumericFigure(name: string): name is NumericFigure {
  return isFigureName(name) && FIGURES[name].kind === 'number';
}
export function isBooleanFigure(name: string): name is BooleanFigure {
  return isFigureName(name) && FIGURES[name].kind === 'boolean';
}

export const FIGURE_NAMES = Object.keys(FIGURES) as [FigureName, ...FigureName[]];
export const NUMERIC_FIGURES = FIGURE_NAMES.filter(isNumericFigure) as [NumericFigure, ...NumericFigure[]];
export const BOOLEAN_FIGURES = FIGURE_NAMES.filter(isBooleanFigure) as [BooleanFigure, ...BooleanFigure[]];

/** Where fires burned: the report says 森林 (FOREST) or 草原 (GRASSLAND). */
export type BurnedLand = 'FOREST' | 'GRASSLAND';
export const BURNED_LANDS: readonly [BurnedLand, ...BurnedLand[]] = ['FOREST', 'GRASSLAND'];
export const BURNED_LAND_NAMES: Readonly<Record<BurnedLand, string>> = { FOREST: '森林', GRASSLAND: '草原' };

/** What the duty officer reports that is not a figure but chooses the table. */
export interface SeverityChoices {
  burnedLand?: BurnedLand | null;
}

/** A value as an error message quotes it. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks reported figures: numbers must be finite and non-negative, yes/no figures booleans.
 * null counts as not reported (GraphQL sends null for omitted fields). Unknown names are rejected.
 */
export function validateSeverityFigures(figures: unknown): SeverityFigures {
  if (figures === undefined || figures === null) return {};
  if (typeof figures !== 'object' || Array.isArray(figures)) {
    throw new Error(`severity figures must be an object, got ${describeValue(figures)}`);
  }
  const result: SeverityFigures = {};
  for (const [name, value] of Object.entries(figures)) {
    if (!isFigureName(name)) {
      throw new Error(`unknown severity figure "${name}" (expected one of ${FIGURE_NAMES.join(', ')})`);
    }
    if (value === undefined || value === null) continue;
    if (isBooleanFigure(name)) {
      if (typeof value !== 'boolean') throw new Error(`${name} must be true or false, got ${describeValue(value)}`);
      result[name] = value;
    } else if (isNumericFigure(name)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`${name} must be a non-negative number, got ${describeValue(value)}`);
      }
      result[name] = value;
    }
  }
  return result;
}
