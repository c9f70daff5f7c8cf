import { readRosterFile } from '../src/roster-io/roster-file.schema';
import { JINCHENG_ROSTER } from './support/roster-services';
import { createTestApp, TestApp } from './support/test-app';

const SEAT = 'role roleName title vacant acting person { id name }';
const POST = `code name commandThreshold incidentTypes duties membersText
  commanders { ${SEAT} } deputyCommanders { ${SEAT} }
  office { hostUnit duties directors { ${SEAT} } }`;

type Seat = { role: string; title: string; person: { id: string; name: string } | null };
type Post = {
  code: string;
  name: string;
  commandThreshold: string;
  incidentTypes: string[];
  duties: string;
  membersText: string | null;
  commanders: Seat[];
  deputyCommanders: Seat[];
  office: { hostUnit: string; duties: string; directors: Seat[] };
};

const names = (seats: Seat[]) => seats.map((s) => s.person?.name);
const titled = (seats: Seat[]) => seats.map((s) => `${s.person?.name} ${s.title}`);

describe('command directory (GraphQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the 17 posts in document order with the contract codes', async () => {
    const { commandPosts } = await t.query<{ commandPosts: Post[] }>(`{ commandPosts { ${POST} } }`);
    // The posts of the gazette, as config/roster lists them (the codes the contract names).
    expect(commandPosts.map((p) => p.code)).toEqual(readRosterFile(JINCHENG_ROSTER).posts.map((p) => p.code));
    expect(commandPosts).toHaveLength(17);
    for (const post of commandPosts) {
      expect(post.commanders.length).toBeGreaterThan(0);
      expect(post.office.directors.length).toBeGreaterThan(0);
      expect(post.membersText).toBe('有关单位分管负责人');
      expect(post.incidentTypes).toContain(post.code);
      for (const seat of [...post.commanders, ...post.deputyCommanders, ...post.office.directors]) {
        expect(seat.person).not.toBeNull();
        expect(seat.title).not.toBe('');
      }
    }
  });

  it('serves the headquarters: 1 commander, 1 executive deputy, 6 deputies, 70 members, its office', async () => {
    const { headquarters: hq } = await t.query(`{ headquarters {
      name otherNames duties documentRef
      commanders { ${SEAT} } executiveDeputyCommanders { ${SEAT} } deputyCommanders { ${SEAT} } members { ${SEAT} }
      office { hostUnit duties directors { ${SEAT} } } } }`);
    expect(hq.name).toBe('晋城市应急救援总指挥部');
    expect(hq.otherNames).toEqual(['市减灾委员会']);
    expect(hq.duties).toMatch(/^加挂市减灾委员会牌子/);
    expect(hq.documentRef).toBe('晋市政办〔2019〕37号');
    expect(titled(hq.commanders)).toEqual(['刘锋 市委副书记、市长']);
    expect(titled(hq.executiveDeputyCommanders)).toEqual(['张利锋 市委常委、常务副市长']);
    expect(names(hq.deputyCommanders)).toEqual(['王斌权', '梁丽萍', '武健鹏', '冯志亮', '王宏微', '焦新文']);
    expect(hq.deputyCommanders[0].title).toBe('副市长、市公安局局长');
    expect(hq.members).toHaveLength(70);
    expect(names(hq.members).slice(0, 3)).toEqual(['牛泽民', '卢海建', '司国奇']);
    expect(names(hq.members).slice(-3)).toEqual(['马志鹏', '李芳', '关丽国']);
    expect(hq.members.map((s: Seat) => s.role).every((r: string) => r === 'MEMBER')).toBe(true);
    expect(hq.office.hostUnit).toBe('市应急管理局');
    expect(titled(hq.office.directors)).toEqual(['鲍瑞卿 市应急管理局局长']);
    expect(hq.office.duties).toContain('负责自然灾害、事故灾难等突发事件信息收集、统计和发布工作');
    expect(hq.office.duties).toMatch(/指导、督促、检查、考核各专项指挥部应急管理工作。$/);
  });

  // Samples compared with the source text of 晋市政办〔2019〕37号.
  it.each([
    {
      code: 'EARTHQUAKE',
      threshold: 'IV',
      commanders: ['张利锋 市委常委、常务副市长'],
      deputies: [
        '李子荣 市政府副秘书长',
        '鲍瑞卿 市应急管理局局长',
        '刘闯 市规划和自然资源局局长',
        '张平 市气象局局长',
        '毕明荣 市防震减灾中心主任',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市应急管理局',
      directors: ['鲍瑞卿', '毕明荣'],
    },
    {
      code: 'FLOOD_DROUGHT',
      threshold: 'II',
      commanders: ['张利锋 市委常委、常务副市长', '冯志亮 副市长'],
      deputies: [
        '史小军 市政府副秘书长',
        '李子荣 市政府副秘书长',
        '鲍瑞卿 市应急管理局局长',
        '张国文 市水务局局长',
        '张平 市气象局局长',
        '刘闯 市规划和自然资源局局长',
        '郭明太 市住建局局长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市应急管理局',
      directors: ['鲍瑞卿', '张国文'],
    },
    {
      code: 'METEOROLOGICAL_DISASTER',
      threshold: 'III',
      commanders: ['冯志亮 副市长'],
      deputies: [
        '史小军 市政府副秘书长',
        '张平 市气象局局长',
        '鲍瑞卿 市应急管理局局长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市气象局',
      directors: ['张平'],
    },
    {
      code: 'TRAFFIC_ACCIDENT',
      threshold: 'III',
      commanders: ['王斌权 副市长、市公安局局长', '王宏微 副市长'],
      deputies: [
        '杨金中 市政府副秘书长',
        '刘宇亮 市政府副秘书长',
        '张海芳 市交通运输局局长',
        '赵建云 市公安局常务副局长',
        '鲍瑞卿 市应急管理局局长',
        '张鹏 市交警支队支队长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市交通运输局',
      directors: ['张海芳', '张鹏'],
    },
    {
      code: 'SPECIAL_EQUIPMENT',
      threshold: 'IV',
      commanders: ['张利锋 市委常委、常务副市长'],
      deputies: [
        '李子荣 市政府副秘书长',
        '白亚平 市市场监管局局长',
        '鲍瑞卿 市应急管理局局长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市市场监管局',
      directors: ['白亚平'],
    },
    {
      code: 'ANIMAL_EPIDEMIC',
      threshold: 'III',
      commanders: ['冯志亮 副市长'],
      deputies: [
        '史小军 市政府副秘书长',
        '王万荣 市畜牧兽医服务中心主任',
        '樊林奎 市卫健委主任',
        '武小雅 市农业农村局局长',
        '鲍瑞卿 市应急管理局局长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市畜牧兽医服务中心',
      directors: ['王万荣'],
    },
    {
      code: 'SOCIAL_SECURITY',
      threshold: 'II',
      commanders: ['王斌权 副市长、市公安局局长'],
      deputies: [
        '杨金中 市政府副秘书长',
        '赵建云 市公安局常务副局长',
        '鲍瑞卿 市应急管理局局长',
        '刘同兴 晋城军分区副司令员',
        '胡锐 武警晋城支队支队长',
        '赵新 市消防救援支队支队长',
      ],
      host: '市公安局',
      directors: ['赵建云'],
    },
  ])('$code matches the source', async ({ code, threshold, commanders, deputies, host, directors }) => {
    const { commandPost: post } = await t.query<{ commandPost: Post }>(
      `query($code: ID!) { commandPost(code: $code) { ${POST} } }`,
      { code },
    );
    expect(post.commandThreshold).toBe(threshold);
    expect(titled(post.commanders)).toEqual(commanders);
    expect(titled(post.deputyCommanders)).toEqual(deputies);
    expect(post.office.hostUnit).toBe(host);
    expect(names(post.office.directors)).toEqual(directors);
    expect(post.duties.length).toBeGreaterThan(50);
    expect(post.office.duties).toMatch(/^承担/);
  });

  it('knows one person per real person: 鲍瑞卿 has the same id everywhere', async () => {
    const { commandPosts, headquarters } = await t.query<{
      commandPosts: Post[];
      headquarters: { office: { directors: Seat[] }; members: Seat[] };
    }>(`{ commandPosts { ${POST} } headquarters { office { directors { ${SEAT} } } members { ${SEAT} } } }`);
    const ids = new Set<string>();
    for (const post of commandPosts) {
      for (const seat of [...post.deputyCommanders, ...post.office.directors])
        if (seat.person?.name === '鲍瑞卿') ids.add(seat.person.id);
    }
    for (const seat of [...headquarters.office.directors, ...headquarters.members])
      if (seat.person?.name === '鲍瑞卿') ids.add(seat.person.id);
    expect(ids.size).toBe(1);

    const { people } = await t.query(`{ people(search: "鲍瑞卿") { id name seats { body role title } } }`);
    expect(people).toHaveLength(1);
    expect(people[0].id).toBe([...ids][0]);
    const seats = people[0].seats as Array<{ body: string; role: string }>;
    expect(seats.filter((s) => s.role === 'DEPUTY_COMMANDER')).toHaveLength(17);
    expect(seats.filter((s) => s.role === 'OFFICE_DIRECTOR').map((s) => s.body)).toEqual([
      'HQ',
      'EARTHQUAKE',
      'FOREST_GRASSLAND_FIRE',
      'FLOOD_DROUGHT',
      'GEOLOGICAL_DISASTER',
      'PRODUCTION_SAFETY',
      'COAL_MINE_SAFETY',
    ]);
    expect(seats.some((s) => s.body === 'HQ' && s.role === 'MEMBER')).toBe(true);
  });

  it('reconciles the OCR variants 刘闯 / 刘闻 / 刘阖 into one person, found by any spelling', async () => {
    for (const spelling of ['刘闯', '刘闻', '刘阖']) {
      const { people } = await t.query(`query($s: String!) { people(search: $s) { name aliases } }`, { s: spelling });
      expect(people).toEqual([{ name: '刘闯', aliases: ['刘闻', '刘阖'].sort() }]);
    }
    const { people } = await t.query(`{ people(search: "张利锋") { seats { body role } } }`);
    expect(people[0].seats.map((s: { body: string }) => s.body)).toContain('HQ');
  });

  it('lists the incident types with their posts', async () => {
    const { incidentTypes } = await t.query(`{ incidentTypes { code name category categoryName postCode keywords } }`);
    expect(incidentTypes).toHaveLength(17);
    expect(incidentTypes.find((x: { code: string }) => x.code === 'COAL_MINE_SAFETY')).toMatchObject({
      category: 'ACCIDENT_DISASTER',
      categoryName: '事故灾难',
      postCode: 'COAL_MINE_SAFETY',
    });
  });

  it('names the value of an unknown post code', async () => {
    const result = await t.gql(`{ commandPost(code: "VOLCANO") { code } }`);
    expect(result.errors?.[0].message).toContain('"VOLCANO"');
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it.each(['2020-13-45', 'yesterday', '2020-02-30'])('names a malformed asOf %j', async (asOf) => {
    const inline = await t.gql(`{ headquarters(asOf: "${asOf}") { name } }`);
    expect(inline.errors?.[0].message).toContain(JSON.stringify(asOf));
    const variable = await t.gql(`query($a: DateTime) { headquarters(asOf: $a) { name } }`, { a: asOf });
    expect(variable.errors?.[0].message).toContain(JSON.stringify(asOf));
  });

  it('answers asOf before the command system existed with a clear error', async () => {
    const result = await t.gql(`{ commandPost(code: "EARTHQUAKE", asOf: "2019-09-10") { code } }`);
    expect(result.errors?.[0].extensions?.code).toBe('NOT_ESTABLISHED');
    expect(result.errors?.[0].extensions?.messageZh).toBe(
      '该时间点指挥体系尚未建立：查询时点（asOf，当前值 2019-09-10 00:00 北京时间），抗震救灾指挥部设立于 2019-09-11（晋市政办〔2019〕37号），请查询此后的时点',
    );
    const who = await t.gql(
      `{ whoCommands(incidentType: "EARTHQUAKE", severity: I, asOf: "2010-01-01") { activated } }`,
    );
    expect(who.errors?.[0].extensions).toMatchObject({ code: 'NOT_ESTABLISHED', field: 'asOf' });
    expect(who.errors?.[0].extensions?.messageZh).toContain('设立于 2019-09-11');
    const ok = await t.query(`{ commandPost(code: "EARTHQUAKE", asOf: "2019-09-11") { code } }`);
    expect(ok.commandPost.code).toBe('EARTHQUAKE');
  });

  it('reports health', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body.database.status).toBe('up');
    expect(res.body.status).toBe('up');
    expect(res.body.reason).toBeUndefined();
  });
});
