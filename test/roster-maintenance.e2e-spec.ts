import { createTestApp, TestApp } from './support/test-app';

const SEAT = 'id body role title vacant acting since person { id name }';
type Seat = {
  id: string;
  body: string;
  role: string;
  title: string;
  vacant: boolean;
  acting: boolean;
  since: string | null;
  person: { id: string; name: string } | null;
};

const POSITION =
  'id title multiHolder holders { id name } tenures { person { name } effectiveFrom effectiveTo acting documentRef } asOf';
const APPOINT = `mutation($input: AppointInput!) { appoint(input: $input) { ${POSITION} } }`;
const ACTING = `mutation($input: AppointActingInput!) { appointActing(input: $input) { ${POSITION} } }`;
const VACATE = `mutation($input: VacatePositionInput!) { vacatePosition(input: $input) { ${POSITION} } }`;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Every seat of every body (HQ and the 17 posts) at an instant. */
async function allSeats(t: TestApp, asOf?: string | null, knownAt?: string | null): Promise<Seat[]> {
  const data = await t.query(
    `query($asOf: DateTime, $knownAt: DateTime) {
      headquarters(asOf: $asOf, knownAt: $knownAt) { commanders { ${SEAT} } executiveDeputyCommanders { ${SEAT} } deputyCommanders { ${SEAT} } members { ${SEAT} } office { directors { ${SEAT} } } }
      commandPosts(asOf: $asOf, knownAt: $knownAt) { code commanders { ${SEAT} } deputyCommanders { ${SEAT} } office { directors { ${SEAT} } } }
    }`,
    { asOf: asOf ?? null, knownAt: knownAt ?? null },
  );
  const hq = data.headquarters;
  return [
    ...hq.commanders,
    ...hq.executiveDeputyCommanders,
    ...hq.deputyCommanders,
    ...hq.members,
    ...hq.office.directors,
    ...data.commandPosts.flatMap(
      (p: { commanders: Seat[]; deputyCommanders: Seat[]; office: { directors: Seat[] } }) => [
        ...p.commanders,
        ...p.deputyCommanders,
        ...p.office.directors,
      ],
    ),
  ];
}

const titled = async (t: TestApp, title: string, asOf?: string | null, knownAt?: string | null) =>
  (await allSeats(t, asOf, knownAt)).filter((s) => s.title === title);
const key = (s: Seat) => `${s.body}/${s.role}`;
const holderNames = (seats: Seat[]) => [...new Set(seats.map((s) => s.person?.name ?? '(vacant)'))];

async function post(t: TestApp, code: string, asOf?: string | null, knownAt?: string | null) {
  const { commandPost } = await t.query(
    `query($code: ID!, $asOf: DateTime, $knownAt: DateTime) { commandPost(code: $code, asOf: $asOf, knownAt: $knownAt) { commanders { ${SEAT} } deputyCommanders { ${SEAT} } office { directors { ${SEAT} } } } }`,
    { code, asOf: asOf ?? null, knownAt: knownAt ?? null },
  );
  return commandPost as { commanders: Seat[]; deputyCommanders: Seat[]; office: { directors: Seat[] } };
}

async function issues(t: TestApp, kinds: string[]) {
  const { rosterIssues } = await t.query(
    `query($kinds: [RosterIssueKind!]) { rosterIssues(kinds: $kinds) { kind message body role title seatId persons { name } since } }`,
    { kinds },
  );
  return rosterIssues as Array<{
    kind: string;
    message: string;
    body: string | null;
    title: string | null;
    seatId: string | null;
    persons: Array<{ name: string }>;
    since: string | null;
  }>;
}

describe('roster maintenance: appoint (single-holder title)', () => {
  let t: TestApp;
  let effectiveFrom: string;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('moves every seat 鲍瑞卿 held under 市应急管理局局长 to 测试甲; asOf just before still shows him', async () => {
    const before = await titled(t, '市应急管理局局长');
    expect(holderNames(before)).toEqual(['鲍瑞卿']);
    expect(before.filter((s) => s.role === 'DEPUTY_COMMANDER')).toHaveLength(17);
    const bao = before[0].person!.id;

    effectiveFrom = iso(Date.now() - 60_000);
    const { appoint } = await t.query(APPOINT, {
      input: {
        positionTitle: '市应急管理局局长',
        personName: '测试甲',
        effectiveFrom,
        documentRef: '晋市政任〔2020〕3号',
        reason: '工作调动',
      },
    });
    expect(appoint).toMatchObject({ title: '市应急管理局局长', multiHolder: false, asOf: effectiveFrom });
    expect(appoint.holders.map((p: { name: string }) => p.name)).toEqual(['测试甲']);
    expect(appoint.tenures).toEqual([
      {
        person: { name: '测试甲' },
        effectiveFrom,
        effectiveTo: null,
        acting: false,
        documentRef: '晋市政任〔2020〕3号',
      },
    ]);

    const after = await titled(t, '市应急管理局局长');
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.every((s) => s.person?.name === '测试甲' && !s.acting && !s.vacant && s.since === effectiveFrom)).toBe(
      true,
    );
    expect(after.filter((s) => s.role === 'DEPUTY_COMMANDER')).toHaveLength(17);
    expect(
      after
        .filter((s) => s.role === 'OFFICE_DIRECTOR')
        .map((s) => s.body)
        .sort(),
    ).toEqual(
      [
        'HQ',
        'EARTHQUAKE',
        'FOREST_GRASSLAND_FIRE',
        'FLOOD_DROUGHT',
        'GEOLOGICAL_DISASTER',
        'PRODUCTION_SAFETY',
        'COAL_MINE_SAFETY',
      ].sort(),
    );
    expect(after.some((s) => s.body === 'HQ' && s.role === 'MEMBER')).toBe(true);

    const then = await titled(t, '市应急管理局局长', iso(Date.parse(effectiveFrom) - 1));
    expect(then.every((s) => s.person?.id === bao)).toBe(true);

    const { people } = await t.query(`{ people(search: "鲍瑞卿") { seats { body } } }`);
    expect(people[0].seats).toEqual([]);
  });

  it('keeps the history: positionHistory, personHistory and rosterChanges with the document and who recorded it', async () => {
    const { positionHistory } = await t.query(`{ positionHistory(title: "市应急管理局局长") {
      position { holders { name } } tenures { person { name } effectiveFrom effectiveTo acting documentRef endRecordedAt }
      changes { kind summary documentRef reason actorName actorKeyId effectiveFrom } } }`);
    expect(positionHistory.position.holders).toEqual([{ name: '测试甲' }]);
    expect(
      positionHistory.tenures.map((x: { person: { name: string }; effectiveTo: string | null }) => [
        x.person.name,
        x.effectiveTo,
      ]),
    ).toEqual([
      ['鲍瑞卿', effectiveFrom],
      ['测试甲', null],
    ]);
    expect(positionHistory.tenures[0].documentRef).toBe('晋市政办〔2019〕37号');
    expect(positionHistory.tenures[0].endRecordedAt).not.toBeNull();
    expect(positionHistory.changes).toEqual([
      expect.objectContaining({
        kind: 'APPOINT',
        documentRef: '晋市政任〔2020〕3号',
        reason: '工作调动',
        actorName: 'ADMIN_API_KEY',
        actorKeyId: 'ADMIN_API_KEY',
        effectiveFrom,
      }),
    ]);
    expect(positionHistory.changes[0].summary).toContain('测试甲 任 市应急管理局局长，接替 鲍瑞卿');

    const { people } = await t.query(`{ people(search: "鲍瑞卿") { id } }`);
    const { personHistory } = await t.query(
      `query($id: ID!) { personHistory(id: $id) { person { name } tenures { positionTitle effectiveTo } seats { body role effectiveFrom effectiveTo } changes { kind } } }`,
      { id: people[0].id },
    );
    expect(personHistory.tenures).toEqual([{ positionTitle: '市应急管理局局长', effectiveTo: effectiveFrom }]);
    expect(personHistory.seats).toHaveLength(17 + 7 + 1); // deputy commander of 17 posts, 7 offices, HQ member
    expect(personHistory.seats.every((s: { effectiveTo: string }) => s.effectiveTo === effectiveFrom)).toBe(true);
    expect(personHistory.changes.map((c: { kind: string }) => c.kind)).toEqual(['APPOINT']);

    const { rosterChanges } = await t.query(
      `query($from: DateTime, $to: DateTime) { rosterChanges(from: $from, to: $to) { kind summary documentRef actorName recordedAt } }`,
      {
        from: iso(Date.now() - DAY),
        to: iso(Date.now() + DAY),
      },
    );
    expect(rosterChanges.filter((c: { kind: string }) => c.kind !== 'IMPORT')).toEqual([
      expect.objectContaining({ kind: 'APPOINT', documentRef: '晋市政任〔2020〕3号', actorName: 'ADMIN_API_KEY' }),
    ]);
    const effective = await t.query(
      `query($from: DateTime) { rosterChanges(from: $from, axis: EFFECTIVE, kind: APPOINT) { kind } }`,
      { from: iso(Date.now() + DAY) },
    );
    expect(effective.rosterChanges).toEqual([]);
  });

  it('refuses an effectiveFrom before the current holder took office, and an appointment of the holder', async () => {
    const early = await t.gql(APPOINT, {
      input: { positionTitle: '市应急管理局局长', personName: '测试乙', effectiveFrom: '2020-01-01' },
    });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveFrom' });
    expect(early.errors?.[0].message).toContain('测试甲');
    expect(early.errors?.[0].message).toContain('when 测试甲 took office as 市应急管理局局长');
    expect(early.errors?.[0].message).toContain('cannot be dated before that');
    const again = await t.gql(APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '测试甲' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personName' });
    expect(again.errors?.[0].message).toContain('already holds');
    expect(holderNames(await titled(t, '市应急管理局局长'))).toEqual(['测试甲']);
  });

  it('names close titles for an unknown title, and writes nothing', async () => {
    const result = await t.gql(APPOINT, { input: { positionTitle: '市应急局局长', personName: '测试乙' } });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'positionTitle',
      value: '市应急局局长',
    });
    expect(result.errors?.[0].message).toContain('市应急管理局局长');
    const { people } = await t.query(`{ people(search: "测试乙") { id } }`);
    expect(people).toEqual([]);
  });

  it('finds a known person by an alias instead of creating one', async () => {
    const { appoint } = await t.query(APPOINT, { input: { positionTitle: '市住建局局长', personName: '刘闻' } });
    expect(appoint.holders.map((p: { name: string }) => p.name)).toEqual(['刘闯']);
    const { people } = await t.query(`{ people(search: "刘闻") { name } }`);
    expect(people).toEqual([{ name: '刘闯' }]);
  });
});

describe('roster maintenance: future-dated, acting, vacancy, multi-holder', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a future-dated appointment takes effect at its time without anyone acting', async () => {
    const effectiveFrom = iso(Date.now() + 1500);
    await t.query(APPOINT, {
      input: { positionTitle: '市卫健委主任', personName: '测试乙', effectiveFrom, documentRef: '晋市政任〔2020〕5号' },
    });
    expect(holderNames(await titled(t, '市卫健委主任'))).toEqual(['樊林奎']);
    expect(holderNames(await titled(t, '市卫健委主任', effectiveFrom))).toEqual(['测试乙']);
    const { rosterChanges } = await t.query(`{ rosterChanges(kind: APPOINT) { summary effectiveFrom } }`);
    expect(rosterChanges).toEqual([expect.objectContaining({ effectiveFrom })]);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(effectiveFrom) - Date.now() + 50));
    expect(holderNames(await titled(t, '市卫健委主任'))).toEqual(['测试乙']);
  });

  it('an acting holder stands in for the holder for a period, shown as acting; the seats come back afterwards', async () => {
    const from = iso(Date.now() - DAY);
    const until = iso(Date.now() + 10 * DAY);
    const { appointActing } = await t.query(ACTING, {
      input: {
        positionTitle: '市水务局局长',
        personName: '测试丙',
        effectiveFrom: from,
        until,
        reason: '张国文 学习期间主持工作',
      },
    });
    expect(
      appointActing.tenures.map((x: { person: { name: string }; acting: boolean; effectiveTo: string | null }) => [
        x.person.name,
        x.acting,
        x.effectiveTo,
      ]),
    ).toEqual([
      ['张国文', false, null],
      ['测试丙', true, until],
    ]);
    const now = await titled(t, '市水务局局长');
    expect(now.length).toBeGreaterThan(0);
    expect(now.every((s) => s.person?.name === '测试丙' && s.acting)).toBe(true);
    const later = await titled(t, '市水务局局长', iso(Date.parse(until) + 1));
    expect(later.every((s) => s.person?.name === '张国文' && !s.acting)).toBe(true);
    const { people } = await t.query(`{ people(search: "测试丙") { seats { body acting } } }`);
    expect(people[0].seats.length).toBe(now.length);
    expect(people[0].seats.every((s: { acting: boolean }) => s.acting)).toBe(true);
    expect(await issues(t, ['ACTING_PAST_END'])).toEqual([]);

    // A formal appointment during the acting period ends it, and 张国文's return is cancelled.
    const { appoint } = await t.query(APPOINT, { input: { positionTitle: '市水务局局长', personName: '测试癸' } });
    expect(appoint.tenures.map((x: { person: { name: string } }) => x.person.name)).toEqual(['测试癸']);
    expect(holderNames(await titled(t, '市水务局局长'))).toEqual(['测试癸']);
    expect(holderNames(await titled(t, '市水务局局长', iso(Date.parse(until) + 1)))).toEqual(['测试癸']);
    expect(holderNames(await titled(t, '市水务局局长', iso(Date.parse(from) + 1)))).toEqual(['测试丙']);
  });

  it('vacatePosition leaves the seats vacant; a vacancy filled by an acting holder who outstays the period is reported', async () => {
    const vacated = iso(Date.now() - 10 * DAY);
    const { vacatePosition } = await t.query(VACATE, {
      input: { positionTitle: '市气象局局长', effectiveFrom: vacated, documentRef: '晋市政任〔2020〕9号' },
    });
    expect(vacatePosition.holders).toEqual([]);
    const empty = await titled(t, '市气象局局长');
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.every((s) => s.vacant && s.person === null)).toBe(true);
    const meteo = await post(t, 'METEOROLOGICAL_DISASTER');
    expect(meteo.office.directors).toEqual([
      expect.objectContaining({ title: '市气象局局长', vacant: true, person: null }),
    ]);
    const vacant = await issues(t, ['VACANT_SEAT']);
    expect(vacant.filter((i) => i.title === '市气象局局长')).toHaveLength(empty.length);
    expect(vacant.find((i) => i.body === 'METEOROLOGICAL_DISASTER')).toMatchObject({
      since: vacated,
      message: expect.stringContaining('空缺'),
    });

    const actingFrom = iso(Date.now() - 9 * DAY);
    const actingUntil = iso(Date.now() - DAY);
    await t.query(ACTING, {
      input: { positionTitle: '市气象局局长', personName: '测试丁', effectiveFrom: actingFrom, until: actingUntil },
    });
    const now = await titled(t, '市气象局局长');
    expect(now.every((s) => s.person?.name === '测试丁' && s.acting)).toBe(true);
    expect((await titled(t, '市气象局局长', iso(Date.parse(actingFrom) - 1))).every((s) => s.vacant)).toBe(true);
    const past = await issues(t, ['ACTING_PAST_END']);
    expect(past).toEqual([
      expect.objectContaining({ title: '市气象局局长', persons: [{ name: '测试丁' }], since: actingUntil }),
    ]);
    expect((await issues(t, ['VACANT_SEAT'])).filter((i) => i.title === '市气象局局长')).toEqual([]);

    await t.query(APPOINT, { input: { positionTitle: '市气象局局长', personName: '测试戊' } });
    expect(holderNames(await titled(t, '市气象局局长'))).toEqual(['测试戊']);
    expect(await issues(t, ['ACTING_PAST_END'])).toEqual([]);
  });

  it("a multi-holder title needs `replacing`, and only the replaced holder's seats move", async () => {
    const missing = await t.gql(APPOINT, { input: { positionTitle: '副市长', personName: '测试己' } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'replacing' });
    expect(missing.errors?.[0].message).toContain('冯志亮');
    const wrong = await t.gql(APPOINT, { input: { positionTitle: '副市长', personName: '测试己', replacing: '刘锋' } });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'replacing', value: '刘锋' });

    const before = await titled(t, '副市长');
    const feng = before.filter((s) => s.person?.name === '冯志亮');
    const others = before.filter((s) => s.person?.name !== '冯志亮');
    expect(feng.map(key).sort()).toEqual(
      [
        'ANIMAL_EPIDEMIC/COMMANDER',
        'FLOOD_DROUGHT/COMMANDER',
        'HQ/DEPUTY_COMMANDER',
        'METEOROLOGICAL_DISASTER/COMMANDER',
        'PUBLIC_HEALTH/COMMANDER',
      ]
        .filter((k) => feng.some((s) => key(s) === k))
        .sort(),
    );
    const effectiveFrom = iso(Date.now() - 1000);
    const { appoint } = await t.query(APPOINT, {
      input: {
        positionTitle: '副市长',
        personName: '测试己',
        replacing: '冯志亮',
        effectiveFrom,
        documentRef: '晋市人常〔2020〕1号',
      },
    });
    expect(appoint.holders.map((p: { name: string }) => p.name)).toContain('测试己');
    expect(appoint.holders.map((p: { name: string }) => p.name)).not.toContain('冯志亮');
    expect(appoint.holders.map((p: { name: string }) => p.name)).toContain('王宏微');

    const after = await titled(t, '副市长');
    expect(
      after
        .filter((s) => s.person?.name === '测试己')
        .map(key)
        .sort(),
    ).toEqual(feng.map(key).sort());
    expect(
      after
        .filter((s) => s.person?.name !== '测试己')
        .map((s) => `${key(s)} ${s.person?.name}`)
        .sort(),
    ).toEqual(others.map((s) => `${key(s)} ${s.person?.name}`).sort());
    const flood = await post(t, 'FLOOD_DROUGHT');
    expect(flood.commanders.map((s) => s.person?.name)).toEqual(['张利锋', '测试己']);
    const floodBefore = await post(t, 'FLOOD_DROUGHT', iso(Date.parse(effectiveFrom) - 1));
    expect(floodBefore.commanders.map((s) => s.person?.name)).toEqual(['张利锋', '冯志亮']);
  });
});

describe('roster maintenance: "as we knew it then" (knownAt)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers who commanded flood control on 2020-07-15 as recorded then, and as corrected later', async () => {
    const before = iso(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Recorded today, effective 2020-07-01: 张利锋 was succeeded as 常务副市长.
    await t.query(APPOINT, {
      input: {
        positionTitle: '市委常委、常务副市长',
        personName: '测试庚',
        effectiveFrom: '2020-07-01',
        documentRef: '晋市人常〔2020〕7号',
      },
    });

    const corrected = await post(t, 'FLOOD_DROUGHT', '2020-07-15');
    expect(corrected.commanders.map((s) => s.person?.name)).toEqual(['测试庚', '冯志亮']);
    const asKnownThen = await post(t, 'FLOOD_DROUGHT', '2020-07-15', before);
    expect(asKnownThen.commanders.map((s) => s.person?.name)).toEqual(['张利锋', '冯志亮']);
    expect((await post(t, 'FLOOD_DROUGHT', '2020-06-30')).commanders.map((s) => s.person?.name)).toEqual([
      '张利锋',
      '冯志亮',
    ]);

    const { headquarters } = await t.query(
      `query($k: DateTime) { headquarters(asOf: "2020-07-15", knownAt: $k) { executiveDeputyCommanders { person { name seats { body } } } } }`,
      { k: before },
    );
    expect(headquarters.executiveDeputyCommanders[0].person.name).toBe('张利锋');
    expect(headquarters.executiveDeputyCommanders[0].person.seats.length).toBeGreaterThan(5);

    const { positionHistory } = await t.query(
      `query($k: DateTime) { positionHistory(title: "市委常委、常务副市长", knownAt: $k) { tenures { person { name } effectiveTo } changes { kind } } }`,
      { k: before },
    );
    expect(positionHistory.tenures).toEqual([{ person: { name: '张利锋' }, effectiveTo: null }]);
    expect(positionHistory.changes).toEqual([]);
  });
});

describe('roster maintenance: seats and persons', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("reassigns a deputy mayor's portfolio seat to another deputy mayor, from a date", async () => {
    const flood = await post(t, 'FLOOD_DROUGHT');
    const seat = flood.commanders.find((s) => s.person?.name === '冯志亮')!;
    const effectiveFrom = iso(Date.now() - 1000);
    const { reassignSeat } = await t.query(
      `mutation($input: ReassignSeatInput!) { reassignSeat(input: $input) { ${SEAT} } }`,
      {
        input: {
          seatId: seat.id,
          personName: '王宏微',
          effectiveFrom,
          documentRef: '晋市政发〔2020〕2号',
          reason: '分工调整',
        },
      },
    );
    expect(reassignSeat).toMatchObject({
      id: seat.id,
      body: 'FLOOD_DROUGHT',
      role: 'COMMANDER',
      title: '副市长',
      person: { name: '王宏微' },
      since: effectiveFrom,
    });
    expect((await post(t, 'FLOOD_DROUGHT')).commanders.map((s) => s.person?.name)).toEqual(['张利锋', '王宏微']);
    expect(
      (await post(t, 'FLOOD_DROUGHT', iso(Date.parse(effectiveFrom) - 1))).commanders.map((s) => s.person?.name),
    ).toEqual(['张利锋', '冯志亮']);

    const notHolder = await t.gql(`mutation($input: ReassignSeatInput!) { reassignSeat(input: $input) { id } }`, {
      input: { seatId: seat.id, personName: '鲍瑞卿' },
    });
    expect(notHolder.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personName' });
    expect(notHolder.errors?.[0].message).toContain('appoint them first');
  });

  it("adds a seat (filled by the title's holder), removes it, and keeps both in history", async () => {
    const { addSeat } = await t.query(
      `mutation($input: AddSeatInput!) { addSeat(input: $input) { ${SEAT} ordinal } }`,
      {
        input: {
          body: 'COAL_MINE_SAFETY',
          role: 'DEPUTY_COMMANDER',
          positionTitle: '市气象局局长',
          documentRef: '晋市政办〔2020〕11号',
        },
      },
    );
    expect(addSeat).toMatchObject({
      body: 'COAL_MINE_SAFETY',
      role: 'DEPUTY_COMMANDER',
      title: '市气象局局长',
      person: { name: '张平' },
    });
    const coal = await post(t, 'COAL_MINE_SAFETY');
    expect(coal.deputyCommanders[coal.deputyCommanders.length - 1]).toMatchObject({
      id: addSeat.id,
      person: { name: '张平' },
    });
    expect(addSeat.ordinal).toBe(coal.deputyCommanders.length);

    const unknown = await t.gql(`mutation($input: AddSeatInput!) { addSeat(input: $input) { id } }`, {
      input: { body: 'COAL_MINE_SAFETY', role: 'DEPUTY_COMMANDER', positionTitle: '市气象局长' },
    });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'positionTitle' });
    expect(unknown.errors?.[0].message).toContain('市气象局局长');
    const memberOnPost = await t.gql(`mutation($input: AddSeatInput!) { addSeat(input: $input) { id } }`, {
      input: { body: 'COAL_MINE_SAFETY', role: 'MEMBER', positionTitle: '市气象局局长' },
    });
    expect(memberOnPost.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });

    const removedAt = iso(Date.now() + 60_000);
    const { removeSeat } = await t.query(
      `mutation($input: RemoveSeatInput!) { removeSeat(input: $input) { kind summary effectiveFrom } }`,
      { input: { seatId: addSeat.id, effectiveFrom: removedAt } },
    );
    expect(removeSeat).toMatchObject({ kind: 'REMOVE_SEAT', effectiveFrom: removedAt });
    expect(removeSeat.summary).not.toContain('（（');
    // A seat cannot be removed before it existed: the message names both dates.
    const tooEarly = await t.gql(`mutation($input: RemoveSeatInput!) { removeSeat(input: $input) { kind } }`, {
      input: { seatId: addSeat.id, effectiveFrom: '2020-01-01' },
    });
    expect(tooEarly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'effectiveFrom' });
    expect(tooEarly.errors?.[0].message).toMatch(/2020-01-01 is before \S+, when seat .* was added/);
    expect(tooEarly.errors?.[0].extensions?.messageZh).toMatch(/2020-01-01.*早于该席位设立之日/);
    expect((await post(t, 'COAL_MINE_SAFETY')).deputyCommanders.map((s) => s.id)).toContain(addSeat.id);
    expect((await post(t, 'COAL_MINE_SAFETY', removedAt)).deputyCommanders.map((s) => s.id)).not.toContain(addSeat.id);
  });

  it('creates a new position with its first holder when asked to', async () => {
    const { addSeat } = await t.query(
      `mutation($input: AddSeatInput!) { addSeat(input: $input) { title person { name } } }`,
      {
        input: {
          body: 'HQ',
          role: 'MEMBER',
          positionTitle: '市数据局局长',
          personName: '测试辛',
          createPosition: true,
        },
      },
    );
    expect(addSeat).toEqual({ title: '市数据局局长', person: { name: '测试辛' } });
    const { position } = await t.query(`{ position(title: "市数据局局长") { holders { name } } }`);
    expect(position.holders).toEqual([{ name: '测试辛' }]);
  });

  it('reorders the seats of a role from a date; earlier instants keep the earlier order', async () => {
    const quake = await post(t, 'EARTHQUAKE');
    expect(quake.office.directors.map((s) => s.person?.name)).toEqual(['鲍瑞卿', '毕明荣']);
    const effectiveFrom = iso(Date.now() - 1000);
    const { reorderSeats } = await t.query(
      `mutation($input: ReorderSeatsInput!) { reorderSeats(input: $input) { id person { name } ordinal } }`,
      {
        input: {
          body: 'EARTHQUAKE',
          role: 'OFFICE_DIRECTOR',
          seatIds: [quake.office.directors[1].id, quake.office.directors[0].id],
          effectiveFrom,
        },
      },
    );
    // Order is an attribute with history: the seats keep their ids.
    expect(reorderSeats.map((s: { id: string }) => s.id)).toEqual([
      quake.office.directors[1].id,
      quake.office.directors[0].id,
    ]);
    expect(reorderSeats.map((s: { person: { name: string }; ordinal: number }) => [s.person.name, s.ordinal])).toEqual([
      ['毕明荣', 1],
      ['鲍瑞卿', 2],
    ]);
    expect((await post(t, 'EARTHQUAKE')).office.directors.map((s) => s.person?.name)).toEqual(['毕明荣', '鲍瑞卿']);
    expect(
      (await post(t, 'EARTHQUAKE', iso(Date.parse(effectiveFrom) - 1))).office.directors.map((s) => s.person?.name),
    ).toEqual(['鲍瑞卿', '毕明荣']);

    const incomplete = await t.gql(`mutation($input: ReorderSeatsInput!) { reorderSeats(input: $input) { id } }`, {
      input: { body: 'EARTHQUAKE', role: 'OFFICE_DIRECTOR', seatIds: [reorderSeats[0].id] },
    });
    expect(incomplete.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seatIds' });

    // Seats that moved keep following their title.
    await t.query(APPOINT, { input: { positionTitle: '市应急管理局局长', personName: '测试壬' } });
    expect((await post(t, 'EARTHQUAKE')).office.directors.map((s) => s.person?.name)).toEqual(['毕明荣', '测试壬']);
  });

  it('corrects a name, keeping the old one as an alias', async () => {
    const { people } = await t.query(`{ people(search: "李壢") { id name } }`);
    const { renamePerson } = await t.query(
      `mutation($input: RenamePersonInput!) { renamePerson(input: $input) { id name aliases seats { body } } }`,
      {
        input: { personId: people[0].id, name: '李坜', reason: '更正错字' },
      },
    );
    expect(renamePerson).toMatchObject({ id: people[0].id, name: '李坜', aliases: ['李壢'] });
    expect(renamePerson.seats).toEqual([{ body: 'HQ' }]);
    expect((await t.query(`{ people(search: "李壢") { name } }`)).people).toEqual([{ name: '李坜' }]);
    const clash = await t.gql(`mutation($input: RenamePersonInput!) { renamePerson(input: $input) { id } }`, {
      input: { personId: people[0].id, name: '鲍瑞卿' },
    });
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const { rosterChanges } = await t.query(`{ rosterChanges(kind: RENAME_PERSON) { summary reason } }`);
    expect(rosterChanges).toEqual([{ summary: '更正姓名：李壢 → 李坜（原名保留为别名）', reason: '更正错字' }]);
  });

  it("lists the roster file's inference to confirm: 焦新文 as 市政府秘书长, citing the 大事记 and the conflict", async () => {
    const inferred = await issues(t, ['INFERENCE_TO_CONFIRM']);
    expect(inferred).toHaveLength(1);
    expect(inferred[0]).toMatchObject({
      kind: 'INFERENCE_TO_CONFIRM',
      body: 'HQ',
      title: '市政府秘书长',
      persons: [{ name: '焦新文' }],
    });
    expect(inferred[0].message).toContain('"市政府党组成员、秘书长焦新文"');
    expect(inferred[0].message).toContain('牛泽民 市政府秘书长、市直机关事务服务中心主任');
    expect(inferred[0].message).toContain('请确认');
  });

  it('manages contact methods; a seat holder without one is reported until they have one', async () => {
    const { people } = await t.query(`{ people(search: "毕明荣") { id } }`);
    const id = people[0].id;
    expect((await issues(t, ['NO_CONTACT_METHOD'])).some((i) => i.persons[0].name === '毕明荣')).toBe(true);
    const { addContactMethod } = await t.query(
      `mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id kind value priority label active } }`,
      {
        input: { personId: id, kind: 'MOBILE', value: '138 0000 0001', label: '值班手机' },
      },
    );
    expect(addContactMethod).toMatchObject({
      kind: 'MOBILE',
      value: '13800000001',
      priority: 1,
      label: '值班手机',
      active: true,
    });
    const second = await t.query(
      `mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { priority } }`,
      { input: { personId: id, kind: 'EMAIL', value: 'bmr@example.cn' } },
    );
    expect(second.addContactMethod.priority).toBe(2);
    const bad = await t.gql(`mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`, {
      input: { personId: id, kind: 'MOBILE', value: '12345' },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(bad.errors?.[0].message).not.toContain('12345');
    expect((await issues(t, ['NO_CONTACT_METHOD'])).some((i) => i.persons[0].name === '毕明荣')).toBe(false);

    const { updateContactMethod } = await t.query(
      `mutation($input: UpdateContactMethodInput!) { updateContactMethod(input: $input) { active value } }`,
      { input: { id: addContactMethod.id, active: false } },
    );
    expect(updateContactMethod).toEqual({ active: false, value: '13800000001' });
    const { person } = await t.query(
      `query($id: ID!) { person(id: $id) { contactMethods { kind priority active } active: contactMethods(activeOnly: true) { kind } } }`,
      { id },
    );
    expect(person.contactMethods).toEqual([
      { kind: 'MOBILE', priority: 1, active: false },
      { kind: 'EMAIL', priority: 2, active: true },
    ]);
    expect(person.active).toEqual([{ kind: 'EMAIL' }]);
    await t.query(`mutation($id: ID!) { removeContactMethod(id: $id) { id } }`, { id: addContactMethod.id });
    const after = await t.query(`query($id: ID!) { person(id: $id) { contactMethods { kind } } }`, { id });
    expect(after.person.contactMethods).toEqual([{ kind: 'EMAIL' }]);
    const { rosterChanges } = await t.query(`{ rosterChanges(kind: CONTACT_METHOD) { summary details } }`);
    expect(rosterChanges.map((c: { summary: string }) => c.summary)).toEqual([
      '为 毕明荣 添加联系方式：手机（优先级 1）',
      '为 毕明荣 添加联系方式：电子邮箱（优先级 2）',
      '修改 毕明荣 的联系方式：手机（active）',
      '删除 毕明荣 的联系方式：手机',
    ]);
    expect(JSON.stringify(rosterChanges)).not.toContain('13800000001');
    expect(JSON.stringify(rosterChanges)).not.toContain('bmr@example.cn');
  });
});

describe('roster maintenance: concurrent changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serialises concurrent appointments to one title: each ends the tenure the previous one opened', async () => {
    const names = ['并发甲', '并发乙', '并发丙', '并发丁'];
    const results = await Promise.all(
      names.map((personName) => t.gql(APPOINT, { input: { positionTitle: '市审计局局长', personName } })),
    );
    expect(results.map((r) => r.errors)).toEqual(names.map(() => undefined));
    const { positionHistory } = await t.query(
      `{ positionHistory(title: "市审计局局长") { tenures { person { name } effectiveFrom effectiveTo } changes { kind } } }`,
    );
    const tenures = positionHistory.tenures as Array<{
      person: { name: string };
      effectiveFrom: string;
      effectiveTo: string | null;
    }>;
    expect(tenures).toHaveLength(5);
    expect(tenures.filter((x) => x.effectiveTo === null)).toHaveLength(1);
    expect(positionHistory.changes).toHaveLength(4);
    const holder = tenures.find((x) => x.effectiveTo === null)!.person.name;
    const seats = await titled(t, '市审计局局长');
    expect(holderNames(seats)).toEqual([holder]);
  });
});
