import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigFileError } from './yaml-file.reader';
import { crossCheckIncidentConfig, readGradingTables, readJurisdiction } from './incident.config';
import { readActivationRules, readIncidentTypes } from './rules.config';

const CONFIG = resolve(__dirname, '..', '..', 'config');
const dir = mkdtempSync(join(tmpdir(), 'incident-config-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('config/jurisdiction.yaml', () => {
  it('lists the seven counties and districts of 晋城市', () => {
    const file = readJurisdiction(join(CONFIG, 'jurisdiction.yaml'));
    expect(file.jurisdiction).toEqual({ code: 'JINCHENG', name: '晋城市' });
    expect(file.counties.map((c) => c.name)).toEqual([
      '城区',
      '泽州县',
      '高平市',
      '阳城县',
      '陵川县',
      '沁水县',
      '开发区',
    ]);
  });

  it('refuses a name used twice, with its line', () => {
    const path = write(
      'jurisdiction.yaml',
      'jurisdiction: { code: X, name: 某市 }\ncounties:\n  - { name: 甲县 }\n  - { name: 乙县, aliases: [甲县] }\n',
    );
    expect(() => readJurisdiction(path)).toThrow(ConfigFileError);
    expect(() => readJurisdiction(path)).toThrow(
      /jurisdiction\.yaml:4 counties\[1\]\.aliases\[0\]: "甲县" already names 甲县/,
    );
  });

  it('refuses an empty county list', () => {
    expect(() => readJurisdiction(write('j2.yaml', 'jurisdiction: { code: X, name: 某市 }\ncounties: []\n'))).toThrow(
      /at least one county/,
    );
  });
});

describe('config/grading.yaml through AppConfig', () => {
  it('loads the seven tables and the forest/grassland selector', () => {
    const grading = readGradingTables(join(CONFIG, 'grading.yaml'));
    expect(grading.tables).toHaveLength(7);
    expect(grading.selectors?.map((selector) => selector.id)).toEqual(['FOREST_GRASSLAND_FIRE']);
  });

  it('reports a broken table as a config file error naming the path', () => {
    const path = write(
      'grading.yaml',
      'tables:\n  - id: T\n    name: t\n    regulation: r\n    criteria:\n      - figure: deaths\n        bands: { I: { min: "x", text: t } }\n',
    );
    expect(() => readGradingTables(path)).toThrow(ConfigFileError);
    expect(() => readGradingTables(path)).toThrow(
      /grading\.yaml:7 tables\[0\]\.criteria\[0\]\.bands\.I\.min: must be a number, got "x"/,
    );
  });
});

describe('crossCheckIncidentConfig', () => {
  const types = readIncidentTypes(join(CONFIG, 'incident-types.yaml'));
  const rules = readActivationRules(join(CONFIG, 'activation-rules.yaml'));
  const grading = readGradingTables(join(CONFIG, 'grading.yaml'));

  it('finds the real files consistent', () => {
    expect(crossCheckIncidentConfig(types, rules, grading)).toEqual([]);
  });

  it('names a type whose post has no rule, or whose grading table does not exist', () => {
    const broken = { ...types, types: [{ ...types.types[0], post: 'NOWHERE', grading: 'NO_TABLE' }] };
    expect(crossCheckIncidentConfig(broken, rules, grading)).toEqual([
      'incident-types.yaml EARTHQUAKE: post NOWHERE has no rule under posts: in activation-rules.yaml',
      expect.stringMatching(
        /^incident-types\.yaml EARTHQUAKE: grading NO_TABLE is neither QUALITATIVE nor a table or selector of grading\.yaml/,
      ),
    ]);
  });
});
