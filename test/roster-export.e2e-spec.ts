import { join } from 'node:path';
import { YamlSource } from '../src/config/yaml-file.reader';
import { RosterChangeEntity } from '../src/roster/entities/roster-change.entity';
import { parseRoster, readRosterFile, RosterFile, VACANT_SEAT_PERSON } from '../src/roster-io/roster-file.schema';
import { RosterExportService, rosterFileToYaml } from '../src/roster-io/roster-export.service';
import { RosterImportService } from '../src/roster-io/roster-import.service';
import { createTestApp, TestApp } from './support/test-app';

const JINCHENG = join(__dirname, '..', 'config', 'roster', 'jincheng-2019.yaml');
const parseYaml = (text: string) => parseRoster(new YamlSource('export.yaml', text));
const clone = (roster: RosterFile): RosterFile => JSON.parse(JSON.stringify(roster)) as RosterFile;
const allBodies = (roster: RosterFile) => [roster.headquarters, ...roster.posts];

/** A new version of the Jincheng roster as a document of 2020-03-01 would list it. */
function version2020(original: RosterFile): RosterFile {
  const next = clone(original);
  next.document = {
    ...next.document,
    ref: '晋市政办〔2020〕1号',
    title: '关于调整晋城市应急救援指挥体系组成人员的通知',
    effectiveFrom: '2020-03-01',
  };
  for (const body of allBodies(next)) {
    for (const seat of body.seats) {
      if (seat.title === '市应急管理局局长') seat.person = '测试甲';
      if (seat.person === '冯志亮') seat.person = '测试乙';
    }
  }
  const quake = next.posts.find((p) => p.code === 'EARTHQUAKE')!;
  quake.seats = quake.seats.filter((s) => !(s.role === 'DEPUTY_COMMANDER' && s.person === '张平'));
  const directors = quake.seats.filter((s) => s.role === 'OFFICE_DIRECTOR');
  quake.seats = [...quake.seats.filter((s) => s.role !== 'OFFICE_DIRECTOR'), directors[1], directors[0]];
  const coal = next.posts.find((p) => p.code === 'COAL_MINE_SAFETY')!;
  const firstDirector = coal.seats.findIndex((s) => s.role === 'OFFICE_DIRECTOR');
  coal.seats.splice(firstDirector, 0, { role: 'DEPUTY_COMMANDER' as never, person: '张平', title: '市气象局局长' });
  return next;
}

describe('roster export and re-import', () => {
  let t: TestApp;
  let original: RosterFile;
  const exporter = () => t.get(RosterExportService);
  const importer = () => t.get(RosterImportService);

  beforeAll(async () => {
    t = await createTestApp();
    original = readRosterFile(JINCHENG);
  });
  afterAll(async () => {
    await t.close();
  });

  it("exports the loaded roster in the loader's format without loss", async () => {
    const { yaml, roster } = await exporter().export(new Date());
    expect(roster).toEqual(original);
    expect(parseYaml(yaml)).toEqual(original);
    expect(yaml).toContain('- { role: COMMANDER, person: 刘锋, title: 市委副书记、市长 }');
  });

  it('records nothing when the same file is imported again', async () => {
    const before = await t.dataSource.getRepository(RosterChangeEntity).count();
    const summary = await importer().importRoster(original);
    expect(summary).toMatchObject({ mode: 'changes', changes: [] });
    expect(await t.dataSource.getRepository(RosterChangeEntity).count()).toBe(before + 1); // the IMPORT entry itself
  });

  it('records a new version of the file as dated changes, keeping what came before', async () => {
    const next = version2020(original);
    const file = parseYaml(rosterFileToYaml(next));
    const summary = await importer().importRoster(file);
    expect(summary.mode).toBe('changes');
    expect(summary.changes).toEqual([
      '测试乙 任 副市长，接替 冯志亮（4 个席位随职务变更）',
      '测试甲 任 市应急管理局局长，接替 鲍瑞卿（25 个席位随职务变更）',
      '抗震救灾指挥部 撤销 副指挥长 席位：市气象局局长（张平）',
      '抗震救灾指挥部 办公室主任 席位调整顺序：毕明荣、测试甲',
      '较大及以上煤矿生产安全事故应急指挥部 增设 副指挥长 席位：市气象局局长（张平）',
    ]);
    const { rosterChanges } = await t.query(
      `{ rosterChanges(axis: EFFECTIVE, from: "2020-03-01", to: "2020-03-02") { kind documentRef effectiveFrom actorName } }`,
    );
    expect(rosterChanges.map((c: { kind: string }) => c.kind)).toEqual([
      'APPOINT',
      'APPOINT',
      'REMOVE_SEAT',
      'REORDER_SEATS',
      'ADD_SEAT',
      'IMPORT',
    ]);
    expect(
      rosterChanges.every(
        (c: { documentRef: string; actorName: string }) =>
          c.documentRef === '晋市政办〔2020〕1号' && c.actorName === 'roster:import',
      ),
    ).toBe(true);

    // Before the document's date the old roster stands, from it the new one.
    expect((await exporter().export(new Date('2020-02-29T12:00:00+08:00'))).roster).toEqual(original);
    expect((await exporter().export(new Date('2020-03-01T00:00:00+08:00'))).roster).toEqual(file);
    expect(parseYaml((await exporter().export(new Date())).yaml)).toEqual(file);

    const again = await importer().importRoster(file);
    expect(again.changes).toEqual([]);
  });

  it('writes a vacant seat so that it loads back as vacant', async () => {
    await t.query(
      `mutation { vacatePosition(input: { positionTitle: "市水务局局长", effectiveFrom: "2021-01-01" }) { id } }`,
    );
    const { roster, yaml } = await exporter().export(new Date());
    const flood = roster.posts.find((p) => p.code === 'FLOOD_DROUGHT')!;
    expect(flood.seats.filter((s) => s.title === '市水务局局长').map((s) => s.person)).toEqual([
      VACANT_SEAT_PERSON,
      VACANT_SEAT_PERSON,
    ]);
    expect(parseYaml(yaml)).toEqual(roster);
    const reimported = await importer().importRoster({
      ...parseYaml(yaml),
      document: { ...roster.document, effectiveFrom: '2021-02-01' },
    });
    expect(reimported.changes).toEqual([]);
  });

  it('refuses a file that drops a command body, and writes nothing', async () => {
    const before = await t.dataSource.getRepository(RosterChangeEntity).count();
    const broken = clone(original);
    broken.posts = broken.posts.filter((p) => p.code !== 'CAMPUS_SAFETY');
    broken.document.effectiveFrom = '2022-01-01';
    await expect(importer().importRoster(broken)).rejects.toThrow(/CAMPUS_SAFETY/);
    expect(await t.dataSource.getRepository(RosterChangeEntity).count()).toBe(before);
  });

  it('refuses changes dated before changes already recorded, naming the date', async () => {
    const stale = version2020(original);
    stale.document.effectiveFrom = '2019-12-01';
    for (const seat of stale.headquarters.seats) if (seat.person === '测试甲') seat.person = '测试丙';
    for (const body of stale.posts) for (const seat of body.seats) if (seat.person === '测试甲') seat.person = '测试丙';
    await expect(importer().importRoster(stale)).rejects.toThrow(/2020-03-01/);
  });
});
