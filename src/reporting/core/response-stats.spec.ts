import { csvCell, IncidentFigureInput, incidentFigures, responseStats, statsCsv, summarize } from './response-stats';

const T0 = new Date('2024-06-01T00:00:00Z');
const s = (sec: number | null) => (sec === null ? null : new Date(T0.getTime() + sec * 1000));

function incident(
  id: string,
  fields: Partial<IncidentFigureInput>,
  people: Array<[string, string | null, number | null, number | null]>,
  metSec: number | null = null,
): IncidentFigureInput {
  return {
    incidentId: id,
    reportedAt: T0,
    severity: 'III',
    postCode: 'TRAFFIC',
    postName: '交通',
    exercise: false,
    policyMetAt: s(metSec),
    people: people.map(([name, channel, msg, conf]) => ({
      personId: name,
      personName: name,
      channel,
      firstMessageAt: s(msg),
      confirmedAt: s(conf),
      required: true,
    })),
    ...fields,
  };
}

describe('summarize', () => {
  it('median of odd and even counts, nearest-rank p90, seconds', () => {
    expect(summarize([])).toEqual({ count: 0, median: null, p90: null });
    expect(summarize([3000, 1000, 2000])).toEqual({ count: 3, median: 2, p90: 3 });
    expect(summarize([4000, 1000, 3000, 2000])).toEqual({ count: 4, median: 2.5, p90: 4 });
    // n = 10: p90 is the 9th smallest.
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => x * 1000)).p90).toBe(9);
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((x) => x * 1000)).p90).toBe(10);
  });
});

describe('incidentFigures', () => {
  it('first message, first confirmation, policy met, per person', () => {
    const f = incidentFigures(
      incident(
        'a',
        {},
        [
          ['x', 'log', 5, 60],
          ['y', 'webhook', 3, null],
          ['z', null, null, null],
        ],
        90,
      ),
    );
    expect(f).toMatchObject({ toFirstMessageMs: 3000, toFirstConfirmationMs: 60000, toPolicyMetMs: 90000 });
    expect(f.people.map((p) => [p.personName, p.channel, p.toMessageMs, p.toConfirmationMs])).toEqual([
      ['x', 'log', 5000, 60000],
      ['y', 'webhook', 3000, null],
      ['z', null, null, null],
    ]);
  });
});

describe('responseStats', () => {
  const fixture = [
    incident(
      'a',
      { severity: 'II', postCode: 'P1', postName: '一' },
      [
        ['x', 'log', 10, 100],
        ['y', 'webhook', 20, 200],
      ],
      200,
    ),
    incident(
      'b',
      { severity: 'III', postCode: 'P1', postName: '一' },
      [
        ['x', 'log', 30, null],
        ['z', 'webhook', 40, 50],
      ],
      50,
    ),
    incident('c', { severity: 'III', postCode: 'P2', postName: '二' }, [['y', 'webhook', 60, 300]], null),
    incident('d', { severity: 'III', postCode: 'P2', postName: '二', exercise: true }, [['x', 'log', 1, 1]], 1),
  ];
  it('by post: one value per incident; exercises left out', () => {
    const rows = responseStats(fixture, 'POST');
    expect(
      rows.map((r) => [
        r.key,
        r.incidents,
        r.notifications,
        r.confirmations,
        r.toFirstMessage,
        r.toFirstConfirmation,
        r.toPolicyMet,
      ]),
    ).toEqual([
      [
        'P1',
        2,
        4,
        3,
        { count: 2, median: 20, p90: 30 },
        { count: 2, median: 75, p90: 100 },
        { count: 2, median: 125, p90: 200 },
      ],
      [
        'P2',
        1,
        1,
        1,
        { count: 1, median: 60, p90: 60 },
        { count: 1, median: 300, p90: 300 },
        { count: 0, median: null, p90: null },
      ],
    ]);
  });
  it('exercises when asked', () => {
    expect(responseStats(fixture, 'POST', { includeExercises: true })[1].incidents).toBe(2);
  });
  it('by person and by channel: one value per notification', () => {
    const people = responseStats(fixture, 'PERSON');
    expect(
      people.map((r) => [
        r.key,
        r.notifications,
        r.toFirstMessage.median,
        r.toFirstConfirmation.median,
        r.toPolicyMet.count,
      ]),
    ).toEqual([
      ['x', 2, 20, 100, 2],
      ['y', 2, 40, 250, 1],
      ['z', 1, 40, 50, 1],
    ]);
    const channels = responseStats(fixture, 'CHANNEL');
    expect(channels.map((r) => [r.key, r.notifications, r.toFirstMessage.median, r.toFirstConfirmation.p90])).toEqual([
      ['log', 2, 20, 100],
      ['webhook', 3, 40, 300],
    ]);
  });
  it('by grade, labelled', () => {
    const rows = responseStats(fixture, 'GRADE', { gradeLabel: (g) => `${g}级` });
    expect(rows.map((r) => [r.key, r.label, r.incidents])).toEqual([
      ['II', 'II级', 1],
      ['III', 'III级', 2],
    ]);
  });
});

describe('CSV', () => {
  it('quotes, defuses formulas, one line per row', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(null)).toBe('');
    const rows = responseStats([incident('a', {}, [['x', 'log', 10, 100]], 100)], 'POST');
    const csv = statsCsv(rows).split('\r\n');
    expect(csv[0]).toMatch(/^group_by,key,label,incidents/);
    expect(csv[1]).toBe('POST,TRAFFIC,交通,1,1,1,1,10,10,1,100,100,1,100,100');
    expect(csv[2]).toBe('');
  });
});
