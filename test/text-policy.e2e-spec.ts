import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 9, "bad text is accepted, and differently per database" and "lookalike names create second
 * persons": one table of bad inputs, run as it is on SQLite and on Postgres (DB_TYPE=postgres); each
 * is refused with BAD_USER_INPUT naming the field, and writes nothing.
 */
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const APPOINT = `mutation($input: AppointInput!) { appoint(input: $input) { title holders { id name } } }`;
const report = (input: Record<string, unknown>) => ({
  incidentType: 'COAL_MINE_SAFETY',
  severity: 'IV',
  title: '某煤矿顶板事故',
  ...input,
});

const BAD: Array<[string, string, Record<string, unknown>, RegExp]> = [
  [
    'NUL in a title',
    REPORT,
    { input: report({ title: '某煤矿\u0000事故' }) },
    /input\.title: contains a NUL character/,
  ],
  [
    'a control character in a description',
    REPORT,
    { input: report({ description: '伤亡\u001b[31m待核实' }) },
    /input\.description: contains the control character U\+001B/,
  ],
  [
    'a right-to-left override in a title',
    REPORT,
    { input: report({ title: '煤矿\u202e故事' }) },
    /input\.title: contains the bidirectional control U\+202E/,
  ],
  [
    'a lone surrogate in a location',
    REPORT,
    { input: report({ location: '某煤矿\ud83d' }) },
    /input\.location: contains a lone surrogate/,
  ],
  [
    'a title of zero-width spaces',
    REPORT,
    { input: report({ title: '\u200b\u200b\u200b' }) },
    /input\.title: is empty once spaces and invisible/,
  ],
  [
    'a title of ideographic spaces',
    REPORT,
    { input: report({ title: '\u3000\u3000' }) },
    /input\.title: is empty once/,
  ],
  ['year 0000', REPORT, { input: report({ occurredAt: '0000-01-01T00:00:00Z' }) }, /must be between 1900 and 2200/],
  ['year 2250', REPORT, { input: report({ occurredAt: '2250-01-01' }) }, /must be between 1900 and 2200/],
  [
    'NUL in a person name',
    APPOINT,
    { input: { positionTitle: '市应急管理局局长', personName: '李\u0000子荣' } },
    /input\.personName: contains a NUL character/,
  ],
  [
    'a zero-width position title',
    APPOINT,
    { input: { positionTitle: '\u200b', personName: '李子荣' } },
    /input\.positionTitle: is empty once/,
  ],
  [
    'an appointment dated 1899',
    APPOINT,
    { input: { positionTitle: '市应急管理局局长', personName: '李子荣', effectiveFrom: '1899-12-31' } },
    /must be between 1900 and 2200/,
  ],
  [
    'a bidi isolate in a reason',
    APPOINT,
    { input: { positionTitle: '市应急管理局局长', personName: '李子荣', reason: '\u2067x\u2069' } },
    /input\.reason: contains the bidirectional control/,
  ],
];

describe(`one text policy (${process.env.DB_TYPE ?? 'sqlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => {
    const [incidents, persons, changes] = await Promise.all(
      ['incident', 'person', 'roster_change'].map((table) => t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)),
    );
    return [incidents, persons, changes].map((rows) => Number((rows as Array<{ n: string | number }>)[0].n));
  };

  it.each(BAD)('refuses %s, naming the field, writing nothing', async (_what, query, variables, message) => {
    const before = await counts();
    const result = await t.gql(query, variables);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
    // The refused value is quoted with what would turn the rest of the message around, or hide, escaped.
    for (const text of [result.errors?.[0].message, result.errors?.[0].extensions?.messageZh])
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u0080-\u009f]/);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a compatibility ideograph (U+F9E1)', '\uf9e1子荣'],
    ['a zero-width space inside', '李\u200b子荣'],
    ['an ideographic space inside', '李\u3000子荣'],
    ['full-width spaces around', '\u3000李子荣\u3000'],
  ])('finds the existing person for a name written with %s', async (_what, personName) => {
    const existing = (await t.query(`{ people(search: "李子荣") { id name } }`)).people;
    expect(existing).toHaveLength(1);
    const [, personsBefore] = await counts();
    const { appoint } = await t.query(APPOINT, {
      input: { positionTitle: '市应急管理局局长', personName, reason: '测试' },
    });
    expect(appoint.holders).toEqual([{ id: existing[0].id, name: '李子荣' }]);
    expect((await counts())[1]).toBe(personsBefore);
    expect((await t.query(`{ people(search: "李子荣") { id } }`)).people).toHaveLength(1);
    // Put the bureau chief back for the next case.
    await t.query(APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '鲍瑞卿', reason: '测试' } });
  });
});
