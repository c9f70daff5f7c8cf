import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError, YamlSource } from '../config/yaml-file.reader';
import { parseRoster, readRosterFile } from './roster-file.schema';

const JINCHENG = join(__dirname, '..', '..', 'config', 'roster', 'jincheng-2019.yaml');

/** A small, valid roster of an imaginary county: the loader is generic. */
const COUNTY = `jurisdiction: { code: TESTCOUNTY, name: 测试县 }
document:
  ref: 测政办〔2024〕1号
  title: 关于建立测试县应急救援指挥体系的通知
  issuer: 测试县人民政府办公室
  effectiveFrom: "2024-01-02"
people:
  - { name: 王一, aliases: [王壹] }
titles:
  - { title: 副县长, multiHolder: true }
headquarters:
  code: HQ
  name: 测试县应急救援总指挥部
  duties: 统一领导全县突发事件应对工作。
  office: { hostUnit: 县应急管理局, duties: 承担总指挥部日常工作。 }
  seats:
    - { role: COMMANDER, person: 王一, title: 县长 }
    - { role: DEPUTY_COMMANDER, person: 李二, title: 副县长 }
    - { role: DEPUTY_COMMANDER, person: 张三, title: 副县长 }
    - { role: OFFICE_DIRECTOR, person: 赵四, title: 县应急管理局局长 }
posts:
  - code: EARTHQUAKE
    name: 抗震救灾指挥部
    duties: 组织指挥地震灾害应急处置工作。
    membersText: 有关单位分管负责人
    office: { hostUnit: 县应急管理局, duties: 承担指挥部日常工作。 }
    seats:
      - { role: COMMANDER, person: 李二, title: 副县长 }
      - { role: DEPUTY_COMMANDER, person: 赵四, title: 县应急管理局局长 }
      - { role: OFFICE_DIRECTOR, person: 赵四, title: 县应急管理局局长 }
`;

/** The 1-based line of the first occurrence of a snippet. */
const lineOf = (text: string, snippet: string) => text.slice(0, text.indexOf(snippet)).split('\n').length;

function problemsOf(text: string): string[] {
  try {
    parseRoster(new YamlSource('county.yaml', text));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as ConfigFileError).problems;
  }
  throw new Error('expected the roster to be rejected');
}

describe('roster file', () => {
  it('reads the Jincheng 2019 roster', () => {
    const roster = readRosterFile(JINCHENG);
    expect(roster.posts).toHaveLength(17);
    expect(roster.headquarters.seats.filter((s) => s.role === 'MEMBER')).toHaveLength(70);
    expect(roster.document).toMatchObject({ ref: '晋市政办〔2019〕37号', effectiveFrom: '2019-09-11' });
  });

  it('reads another jurisdiction in the same format', () => {
    const roster = parseRoster(new YamlSource('county.yaml', COUNTY));
    expect(roster.jurisdiction.code).toBe('TESTCOUNTY');
    expect(roster.posts.map((p) => p.code)).toEqual(['EARTHQUAKE']);
  });

  it('names the line and field of an unknown role', () => {
    const text = COUNTY.replace('{ role: DEPUTY_COMMANDER, person: 赵四', '{ role: VICE_COMMANDER, person: 赵四');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `county.yaml:${lineOf(text, 'VICE_COMMANDER')} posts[0].seats[1].role: unknown role "VICE_COMMANDER"`,
    );
  });

  it('names a seat that has no title', () => {
    const text = COUNTY.replace(
      '{ role: COMMANDER, person: 李二, title: 副县长 }',
      '{ role: COMMANDER, person: 李二 }',
    );
    expect(problemsOf(text)).toEqual([
      `county.yaml:${lineOf(text, '{ role: COMMANDER, person: 李二 }')} posts[0].seats[0].title: title (the seat is listed under a title) is required`,
    ]);
  });

  it('names an empty title', () => {
    const problems = problemsOf(
      COUNTY.replace('{ role: COMMANDER, person: 王一, title: 县长 }', '{ role: COMMANDER, person: 王一, title: " " }'),
    );
    expect(problems[0]).toMatch(/^county\.yaml:\d+ headquarters\.seats\[0\]\.title: .*must not be empty/);
  });

  it('names a duplicate person on a body', () => {
    const text = COUNTY.replace(
      '{ role: DEPUTY_COMMANDER, person: 张三, title: 副县长 }',
      '{ role: DEPUTY_COMMANDER, person: 李二, title: 副县长 } # again',
    );
    expect(problemsOf(text)).toEqual([
      `county.yaml:${lineOf(text, '# again')} headquarters.seats[2]: duplicate person "李二" as DEPUTY_COMMANDER on HQ`,
    ]);
  });

  it('names a person declared twice and an alias that names someone else', () => {
    const problems = problemsOf(
      COUNTY.replace(
        '  - { name: 王一, aliases: [王壹] }',
        '  - { name: 王一, aliases: [王壹] }\n  - { name: 王一 }\n  - { name: 李二, aliases: [王壹] }',
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/people\[1\]\.name: duplicate person "王一"/),
        expect.stringMatching(/people\[2\]\.aliases\[0\]: alias "王壹" already names "王一"/),
      ]),
    );
  });

  it('names a single-holder title held under two names', () => {
    // The headquarters office director is listed as 钱五, the post's seats under the same title as 赵四.
    const text = COUNTY.replace(
      '{ role: OFFICE_DIRECTOR, person: 赵四, title: 县应急管理局局长 }',
      '{ role: OFFICE_DIRECTOR, person: 钱五, title: 县应急管理局局长 }',
    );
    const problems = problemsOf(text);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      `county.yaml:${lineOf(text, '{ role: DEPUTY_COMMANDER, person: 赵四')} posts[0].seats[1]: title "县应急管理局局长" is held by "钱五" (county.yaml:${lineOf(text, '钱五')} headquarters.seats[3]) and "赵四"; declare it under titles with multiHolder: true, or add an alias under people`,
    );
  });

  it('rejects members and executive deputies on a post', () => {
    const problems = problemsOf(
      COUNTY.replace('      - { role: DEPUTY_COMMANDER, person: 赵四', '      - { role: MEMBER, person: 赵四'),
    );
    expect(problems[0]).toMatch(/role MEMBER is for the headquarters only/);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseRoster(new YamlSource('county.yaml', 'jurisdiction: [\n'))).toThrow(
      /county\.yaml is invalid:\n {2}- line \d+/,
    );
  });

  it('refuses a date the calendar does not have, naming its line', () => {
    for (const date of ['2025-02-30', '2025-13-45']) {
      const problems = problemsOf(COUNTY.replace('effectiveFrom: "2024-01-02"', `effectiveFrom: "${date}"`));
      expect(problems).toEqual([
        expect.stringMatching(/^county\.yaml:6 document\.effectiveFrom: is not a date of the calendar/),
      ]);
    }
  });

  it('refuses a file that is not UTF-8 (GBK), naming the first line that is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-gbk-'));
    const file = join(dir, 'county-gbk.yaml');
    const gbk = Buffer.from([0xb2, 0xe2, 0xca, 0xd4, 0xcf, 0xd8]); // 测试县 in GBK
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('# roster\njurisdiction: { code: T, name: '), gbk, Buffer.from(' }\n')]),
    );
    try {
      expect(() => readRosterFile(file)).toThrow(/county-gbk\.yaml is invalid:\n {2}- line 2: is not UTF-8 text/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every problem at once, each with its line', () => {
    const broken = readFileSync(JINCHENG, 'utf8')
      .replace('role: COMMANDER, person: 刘锋', 'role: BOSS, person: 刘锋')
      .replace('effectiveFrom: "2019-09-11"', 'effectiveFrom: "11/09/2019"');
    const problems = problemsOf(broken);
    expect(problems).toEqual([
      expect.stringMatching(/^county\.yaml:17 document\.effectiveFrom: must be a date YYYY-MM-DD/),
      expect.stringMatching(/^county\.yaml:\d+ headquarters\.seats\[0\]\.role: unknown role "BOSS"/),
    ]);
  });
});
