/**
 * A span of effective time: from `effectiveFrom` (inclusive) until `effectiveTo` (exclusive; null:
 * open, until further notice). Tenures, seats and seat assignments are periods; so is a seat's
 * lifetime. The one definition of "in force at an instant".
 */
export interface Period {
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

/** True when the period is in force at `at` or later (it has not ended by then). */
export const reachesPast = (period: Period, at: Date): boolean =>
  period.effectiveTo === null || period.effectiveTo.getTime() > at.getTime();

/** True when the period is in force at the instant `at`. */
export const covers = (period: Period, at: Date): boolean =>
  period.effectiveFrom.getTime() <= at.getTime() && reachesPast(period, at);

/** Oldest first, by effective start. */
export const byStart = (a: Period, b: Period): number => a.effectiveFrom.getTime() - b.effectiveFrom.getTime();
