/**
 * The Chinese summaries incident events carry, for the console's timeline. Pure: no Nest, no database.
 */
import type { ActivationResult } from '../../activation/core/resolve-activation';
import type { IncidentFacts } from './incident-validation';

export const FACT_LABELS: Record<keyof IncidentFacts, string> = {
  title: '标题',
  description: '描述',
  location: '地点',
  county: '县(市、区)',
  occurredAt: '发生时间',
  reporter: '报告人',
};

/** "防汛抗旱指挥部启动, 总指挥部领导启动" or "…不启动(属地管理)". */
export function activationSummary(activation: ActivationResult): string {
  const post = activation.activated ? `${activation.postName}启动` : `${activation.postName}不启动(属地管理)`;
  return `${post}${activation.headquarters ? ', 总指挥部领导启动' : ''}`;
}

/** A value as an event's JSON records it: instants as ISO strings, absent as null. */
export function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}
