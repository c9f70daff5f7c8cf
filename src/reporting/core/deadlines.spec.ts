import {
  alertDue,
  DeadlineRule,
  DeadlineState,
  filedLate,
  followUpDue,
  initialDue,
  isOverdue,
  planFor,
  recompute,
} from './deadlines';

const RULES: DeadlineRule[] = [
  { name: 'default', initialMinutes: 120, followUp: { everyHours: 24 }, finalHours: 72 },
  { name: 'III+', grades: ['I', 'II', 'III'], initialMinutes: 60, followUp: { atTimes: ['17:00', '08:00'] } },
  { name: 'eco III/IV', types: ['ECO'], grades: ['III', 'IV'], initialMinutes: 240 },
  { name: 'county', counties: ['阳城县'], finalHours: 48 },
];
// 2024-06-01 07:30 China Standard Time.
const REPORTED = new Date('2024-05-31T23:30:00.000Z');

describe('planFor', () => {
  it('applies every matching rule in order, later ones overriding', () => {
    expect(planFor(RULES, { severity: 'IV', incidentType: 'X', county: null })).toEqual({
      initialMinutes: 120,
      followUp: { everyHours: 24 },
      finalHours: 72,
      rules: ['default'],
    });
    expect(planFor(RULES, { severity: 'III', incidentType: 'ECO', county: '阳城县' })).toEqual({
      initialMinutes: 240,
      followUp: { atTimes: ['17:00', '08:00'] },
      finalHours: 48,
      rules: ['default', 'III+', 'eco III/IV', 'county'],
    });
    expect(planFor(RULES, { severity: 'II', incidentType: 'ECO', county: null }).initialMinutes).toBe(60);
  });
});

describe('due times', () => {
  it('首报 after the report, 续报 every N hours after the 首报 deadline', () => {
    const anchor = initialDue({ initialMinutes: 60 }, REPORTED);
    expect(anchor.toISOString()).toBe('2024-06-01T00:30:00.000Z');
    expect(followUpDue({ everyHours: 4 }, anchor, 1).toISOString()).toBe('2024-06-01T04:30:00.000Z');
    expect(followUpDue({ everyHours: 4 }, anchor, 3).toISOString()).toBe('2024-06-01T12:30:00.000Z');
  });

  it('续报 at fixed times of day (China Standard Time), strictly after the anchor', () => {
    const anchor = new Date('2024-06-01T00:30:00.000Z'); // 08:30 CST
    const times = { atTimes: ['17:00', '08:00'] };
    expect(followUpDue(times, anchor, 1).toISOString()).toBe('2024-06-01T09:00:00.000Z'); // 17:00 CST
    expect(followUpDue(times, anchor, 2).toISOString()).toBe('2024-06-02T00:00:00.000Z'); // next day 08:00
    expect(followUpDue(times, anchor, 3).toISOString()).toBe('2024-06-02T09:00:00.000Z');
    // An anchor exactly on a time of day: the next one.
    expect(followUpDue(times, new Date('2024-06-01T00:00:00.000Z'), 1).toISOString()).toBe('2024-06-01T09:00:00.000Z');
    // Late evening CST is the previous UTC day.
    expect(followUpDue(times, new Date('2024-06-01T15:30:00.000Z'), 1).toISOString()).toBe('2024-06-02T00:00:00.000Z');
  });
});

function deadline(fields: Partial<DeadlineState>): DeadlineState {
  return {
    kind: 'INITIAL',
    seq: 0,
    dueAt: new Date('2024-06-01T01:00:00Z'),
    filedAt: null,
    cancelledAt: null,
    alertedSoonAt: null,
    alertedOverdueAt: null,
    ...fields,
  };
}

describe('alerts', () => {
  const d = deadline({});
  it('alerts DUE_SOON within the window, OVERDUE at the due time, each once', () => {
    expect(alertDue(d, new Date('2024-06-01T00:44:59Z'), 15)).toBeNull();
    expect(alertDue(d, new Date('2024-06-01T00:45:00Z'), 15)).toBe('DUE_SOON');
    expect(alertDue({ ...d, alertedSoonAt: new Date() }, new Date('2024-06-01T00:50:00Z'), 15)).toBeNull();
    expect(alertDue({ ...d, alertedSoonAt: new Date() }, new Date('2024-06-01T01:00:00Z'), 15)).toBe('OVERDUE');
    expect(alertDue({ ...d, alertedOverdueAt: new Date() }, new Date('2024-06-01T02:00:00Z'), 15)).toBeNull();
    // Skipped the window (the scan did not run): straight to OVERDUE.
    expect(alertDue(d, new Date('2024-06-01T03:00:00Z'), 15)).toBe('OVERDUE');
  });
  it('never alerts a filed or cancelled deadline; overdue clears when filed', () => {
    const late = new Date('2024-06-01T03:00:00Z');
    expect(alertDue({ ...d, filedAt: late }, late, 15)).toBeNull();
    expect(alertDue({ ...d, cancelledAt: late }, late, 15)).toBeNull();
    expect(isOverdue(d, late)).toBe(true);
    expect(isOverdue({ ...d, filedAt: late }, late)).toBe(false);
    expect(filedLate({ ...d, filedAt: late })).toBe(true);
    expect(filedLate({ ...d, filedAt: new Date('2024-06-01T00:59:00Z') })).toBe(false);
  });
});

describe('recompute', () => {
  const plan = planFor(RULES, { severity: 'II', incidentType: 'X', county: null }); // 60 min, 08:00/17:00
  it('moves the open 首报 and 续报, leaves filed ones', () => {
    const moves = recompute(
      [
        deadline({ kind: 'INITIAL', dueAt: new Date('2024-06-01T01:30:00Z') }),
        deadline({ kind: 'FOLLOW_UP', seq: 1, dueAt: new Date('2024-06-02T01:30:00Z'), filedAt: new Date() }),
        deadline({ kind: 'FOLLOW_UP', seq: 2, dueAt: new Date('2024-06-03T01:30:00Z') }),
      ],
      plan,
      { reportedAt: REPORTED, closedAt: null },
    );
    expect(moves.map((m) => [m.kind, m.seq, m.to?.toISOString()])).toEqual([
      ['INITIAL', 0, '2024-06-01T00:30:00.000Z'],
      ['FOLLOW_UP', 2, '2024-06-02T00:00:00.000Z'],
    ]);
  });
  it('cancels the open 续报 when the new plan has none; unchanged ones are not listed', () => {
    const moves = recompute(
      [deadline({ kind: 'INITIAL', dueAt: new Date('2024-06-01T00:30:00Z') }), deadline({ kind: 'FOLLOW_UP', seq: 1 })],
      { ...plan, followUp: null },
      { reportedAt: REPORTED, closedAt: null },
    );
    expect(moves).toEqual([{ kind: 'FOLLOW_UP', seq: 1, from: new Date('2024-06-01T01:00:00Z'), to: null }]);
  });
});
