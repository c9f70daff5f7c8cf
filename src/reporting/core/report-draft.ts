/**
 * A written report (首报 / 续报 / 终报) drafted in the usual official layout, filled from the
 * incident and its events for the duty officer to edit: 时间、地点、事件类型与等级、伤亡与损失、
 * 已采取的措施、下一步工作、报告人. Pure: no Nest, no TypeORM, no clock.
 */
import { DEADLINE_KIND_NAMES, DeadlineKind } from './deadlines';

export interface DraftFacts {
  kind: DeadlineKind;
  exercise: boolean;
  title: string;
  incidentTypeName: string;
  /** "较大(III级)". */
  gradeLabel: string;
  occurredAt: string | null;
  reportedAt: string;
  county: string | null;
  location: string | null;
  description: string | null;
  /** What the activation decided, in words ("较大及以上交通事故应急指挥部启动"). */
  response: string;
  /** Measures already taken, oldest first, each one sentence (notifications, confirmations, escalations, regrades). */
  measures: string[];
  /** The next deadline to mention under 下一步工作 ("续报 2024-06-01 17:00"), if any. */
  nextReport: string | null;
  /** Closed: when and why (终报). */
  closed: { at: string; reason: string | null } | null;
  /** 报告人: the duty officer (API key name) and the office. */
  reporter: string;
  /** The instant of the draft, as printed. */
  draftedAt: string;
  /** How many reports of this kind were filed before (the N of 第N次续报). */
  filedBefore: number;
}

const CASUALTY = /(死亡|遇难|失踪|受伤|重伤|轻伤|被困|中毒|伤亡|损失|转移|疏散|受灾|倒塌|万元|亿元)/;

/** The sentences of a description that speak of casualties and losses. */
export function casualtySentences(description: string | null): string[] {
  if (!description) return [];
  return description
    .split(/[。；;\n]/)
    .map((s) => s.trim())
    .filter((s) => s && CASUALTY.test(s));
}

export function draftTitle(facts: Pick<DraftFacts, 'kind' | 'exercise' | 'title' | 'filedBefore'>): string {
  const kindName = facts.kind === 'FOLLOW_UP' ? `第${facts.filedBefore + 1}次续报` : DEADLINE_KIND_NAMES[facts.kind];
  return `${facts.exercise ? '【演练】' : ''}关于${facts.title}的${kindName}`;
}

export function buildReportDraft(facts: DraftFacts): string {
  const place = [facts.county, facts.location].filter((p) => p && p.trim()).join(' ') || '（待核实）';
  const casualties = casualtySentences(facts.description);
  const nextSteps: string[] = [];
  if (facts.kind === 'FINAL') {
    nextSteps.push('做好善后处置和事件调查评估工作，总结经验教训。');
  } else {
    nextSteps.push('继续跟踪事态发展，督促相关单位做好应急处置工作。');
    if (facts.nextReport) nextSteps.push(`按时报送${facts.nextReport}。`);
  }
  nextSteps.push('（请补充）');
  const measures = facts.measures.length ? facts.measures : ['（请补充）'];
  if (facts.closed)
    measures.push(`${facts.closed.at}应急响应结束${facts.closed.reason ? `：${facts.closed.reason}` : ''}。`);
  const lines = [
    draftTitle(facts),
    '',
    `一、时间：${facts.occurredAt ? `${facts.occurredAt}发生，` : '发生时间待核实，'}${facts.reportedAt}接报。`,
    `二、地点：${place}。`,
    `三、事件类型与等级：${facts.incidentTypeName}，${facts.gradeLabel}。${facts.response}。`,
    `四、伤亡与损失：${casualties.length ? `${casualties.join('；')}。` : '（待核实，请填写）'}`,
    `五、已采取的措施：`,
    ...measures.map((m, i) => `  ${i + 1}. ${m}`),
    `六、下一步工作：`,
    ...nextSteps.map((m, i) => `  ${i + 1}. ${m}`),
    `七、报告人：${facts.reporter}（${facts.draftedAt}）`,
  ];
  if (facts.description && facts.description.trim()) lines.splice(2, 0, `事件概况：${facts.description.trim()}`);
  return lines.join('\n');
}
