/** Incident grade: I 特别重大 (most severe), II 重大, III 较大, IV 一般. */
export enum Severity {
  I = 'I',
  II = 'II',
  III = 'III',
  IV = 'IV',
}

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = [Severity.I, Severity.II, Severity.III, Severity.IV];

export const SEVERITY_NAMES: Record<Severity, string> = { I: '特别重大', II: '重大', III: '较大', IV: '一般' };

/** True when `grade` is at least as severe as `threshold` (III and above for threshold III). */
export function atLeast(grade: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(grade) <= SEVERITIES.indexOf(threshold);
}

const SPELLINGS: Record<string, Severity> = {
  I: Severity.I,
  II: Severity.II,
  III: Severity.III,
  IV: Severity.IV,
  Ⅰ: Severity.I,
  Ⅱ: Severity.II,
  Ⅲ: Severity.III,
  Ⅳ: Severity.IV,
  一级: Severity.I,
  二级: Severity.II,
  三级: Severity.III,
  四级: Severity.IV,
  '1': Severity.I,
  '2': Severity.II,
  '3': Severity.III,
  '4': Severity.IV,
  特别重大: Severity.I,
  重大: Severity.II,
  较大: Severity.III,
  一般: Severity.IV,
};

/** Reads a grade written as I…IV, Ⅰ…Ⅳ, 一级…四级 or 特别重大…一般 (with an optional 级); null if it is none. */
export function parseSeverity(text: string): Severity | null {
  const cleaned = text.trim().toUpperCase().replace(/\s+/g, '');
  return SPELLINGS[cleaned] ?? SPELLINGS[cleaned.replace(/级$/, '')] ?? null;
}
