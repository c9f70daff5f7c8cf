import { resolve } from 'node:path';
import { readIncidentTypes } from '../../config/rules.config';
import { normalizeText, segment, suggestIncidentTypes } from './incident-type-matcher';
import { IncidentTypeKeywords, keywordEntrySchema, keywordWords } from './incident-type-vocabulary';

describe('segment', () => {
  const dictionary = new Set(['煤矿', '矿井', '井下', '非煤矿山', '铁矿', '山', '山河镇']);
  const words = (text: string) => segment(text, dictionary, 4).map((token) => token.norm);

  it('covers as much as possible with as few words as possible', () => {
    expect(words('某煤矿井下')).toEqual(['煤矿', '井下']);
    expect(words('铁矿井下')).toEqual(['铁矿', '井下']);
    expect(words('某非煤矿山')).toEqual(['非煤矿山']);
    expect(words('泽州县山河镇')).toEqual(['山河镇']);
    expect(words('后山')).toEqual(['山']);
  });

  it('takes the earlier word when two overlapping words cover the same', () => {
    expect(words('矿井下')).toEqual(['矿井']);
  });

  it('numbers sentences so context stays inside one', () => {
    expect(segment('山。山', dictionary, 4).map((token) => token.sentence)).toEqual([0, 1]);
  });
});

describe('suggestIncidentTypes on a small vocabulary', () => {
  const types: IncidentTypeKeywords[] = [
    { code: 'FIRE', name: '山林火灾', keywords: ['山火', { word: '起火', near: ['山', '林'], weight: 4 }] },
    { code: 'PLANT', name: '工厂事故', keywords: [{ word: '起火', near: ['厂', '车间'], weight: 4 }, '爆炸'] },
    { code: 'COAL', name: '煤矿事故', keywords: ['煤矿', '矿井', '井下', '透水'], negative: ['非煤', '铁矿'] },
    {
      code: 'MINE',
      name: '非煤矿山事故',
      keywords: ['铁矿', { word: '透水', near: ['铁矿'], within: 'text', weight: 3 }],
    },
    { code: 'A', name: '甲类', keywords: [{ word: '中毒', weight: 3 }] },
    {
      code: 'B',
      name: '乙类',
      keywords: [
        { word: '中毒', weight: 3 },
        { word: '误食', weight: 1 },
      ],
    },
    { code: 'C', name: '丙类', keywords: [{ word: '腹泻', weight: 2 }] },
    { code: 'D', name: '丁类', keywords: [{ word: '腹泻', weight: 2 }] },
  ];
  const codes = (text: string) => suggestIncidentTypes(types, text).map((s) => s.code);

  it('counts a context word only next to its context, in the same sentence', () => {
    expect(codes('后山起火')).toEqual(['FIRE']);
    expect(codes('车间起火')).toEqual(['PLANT']);
    expect(codes('起火')).toEqual([]);
    expect(codes('山下有人。仓库起火')).toEqual([]);
    const [fire] = suggestIncidentTypes(types, '后山起火');
    expect(fire.matchedWords).toEqual(['起火']);
    expect(fire.explanation).toBe('起火(4, 因"山") = 4');
  });

  it('does not count a word inside a longer word of the vocabulary', () => {
    expect(codes('非煤矿山透水')).toEqual([]);
    expect(suggestIncidentTypes(types, '铁矿井下透水').map((s) => [s.code, s.matchedWords])).toEqual([
      ['MINE', ['铁矿', '透水']],
    ]);
  });

  it('excludes a type when one of its negative words occurs', () => {
    expect(codes('某煤矿井下透水')).toEqual(['COAL']);
    expect(codes('非煤企业井下透水')).toEqual([]);
  });

  it('breaks equal scores by what is specific to a type, and says so', () => {
    const [first, second] = suggestIncidentTypes(types, '误食后中毒');
    expect([first.code, first.score, second.code, second.score]).toEqual(['B', 4, 'A', 3]);
    const [c, d] = suggestIncidentTypes(types, '腹泻');
    expect([c.code, d.code]).toEqual(['C', 'D']);
    expect(c.explanation).toContain('完全并列');
    // The order of the configuration never decides.
    expect(suggestIncidentTypes([...types].reverse(), '腹泻').map((s) => s.code)).toEqual(['C', 'D']);
    expect(suggestIncidentTypes([...types].reverse(), '误食后中毒').map((s) => s.code)).toEqual(['B', 'A']);
  });

  it('weighs a match of the type name most', () => {
    expect(suggestIncidentTypes(types, '山林火灾')[0]).toMatchObject({ code: 'FIRE', score: 10 + 2 * 4 });
  });

  it('normalises full-width characters, case and whitespace, and honours the limit', () => {
    expect(normalizeText('ＣＯ超限　瓦 斯\t爆\n炸')).toBe('co超限瓦斯爆炸');
    expect(codes('煤　矿')).toEqual(['COAL']);
    expect(suggestIncidentTypes(types, '腹泻', 1)).toHaveLength(1);
    expect(suggestIncidentTypes(types, '腹泻', 0)).toEqual([]);
    expect(suggestIncidentTypes(types, '   ')).toEqual([]);
  });
});

describe('keyword entries (config/incident-types.yaml schema)', () => {
  it('accepts plain words and rules, and names what is wrong', () => {
    expect(keywordEntrySchema.parse('煤矿')).toBe('煤矿');
    expect(keywordEntrySchema.safeParse({ word: '起火', near: ['山'], within: 'text', weight: 4 }).success).toBe(true);
    expect(keywordEntrySchema.safeParse({ word: '起火', words: ['着火'] }).success).toBe(false);
    expect(keywordEntrySchema.safeParse({ word: '起火', weight: 0 }).success).toBe(false);
    expect(keywordEntrySchema.safeParse({ word: '起 火' }).success).toBe(false);
    expect(keywordEntrySchema.safeParse({ word: '起火', within: 'page' }).success).toBe(false);
    expect(keywordWords(['煤矿', { words: ['井下', '煤矿'] }])).toEqual(['煤矿', '井下']);
  });
});

describe('suggestIncidentTypes with config/incident-types.yaml (issue 14)', () => {
  const config = readIncidentTypes(resolve(process.cwd(), 'config', 'incident-types.yaml'));
  const suggest = (text: string) => suggestIncidentTypes(config.types, text, 5, config.matching);
  const first = (text: string) => suggest(text)[0];

  it('reads everyday words for mine disasters', () => {
    expect(first('沁水县一矿发生矿难').code).toBe('COAL_MINE_SAFETY');
    expect(first('某煤矿井下发生瓦斯爆炸, 3人被困').matchedWords).toEqual(['煤矿', '井下', '瓦斯爆炸', '被困']);
  });

  it('does not read 煤矿 in 非煤矿山, 矿井 in 铁矿井下, or a sports car as a runaway mine car', () => {
    const nonCoal = suggest('泽州县某非煤矿山发生坍塌，2人被埋');
    expect(nonCoal[0].code).toBe('PRODUCTION_SAFETY');
    expect(nonCoal.map((s) => s.code)).not.toContain('COAL_MINE_SAFETY');
    expect(nonCoal.flatMap((s) => s.matchedWords)).not.toContain('煤矿');
    expect(first('陵川县一铁矿井下发生冒顶').code).toBe('PRODUCTION_SAFETY');
    expect(first('寺河矿井下运输大巷发生跑车事故').code).toBe('COAL_MINE_SAFETY');
    expect(first('一辆跑车在白马寺山路段撞上护栏').code).toBe('TRAFFIC_ACCIDENT');
  });

  it('lets generic words count only in context', () => {
    expect(first('阳城县蟒河镇后山起火，火势正向林地蔓延').code).toBe('FOREST_GRASSLAND_FIRE');
    expect(first('城区一家具厂仓库着火').code).toBe('PRODUCTION_SAFETY');
    expect(first('泽州县山河镇一厂房起火').code).toBe('PRODUCTION_SAFETY');
    expect(first('一名游客在蟒河景区戏水时溺水身亡').code).toBe('CULTURE_TOURISM');
    expect(first('两名村民蹚水过河被洪水冲走，一人溺亡').code).toBe('FLOOD_DROUGHT');
    expect(first('两名小学生放学后在村边水塘玩耍溺亡').code).toBe('CAMPUS_SAFETY');
    expect(first('市生态环境局发布重污染天气红色预警').code).toBe('ECO_ENVIRONMENT');
    expect(first('市气象台发布暴雨红色预警信号').code).toBe('METEOROLOGICAL_DISASTER');
  });

  it('decides shared words by context and specificity, never by list order', () => {
    expect(['FLOOD_DROUGHT', 'METEOROLOGICAL_DISASTER']).toContain(first('暴雨导致沁水县龙港镇多间房屋倒塌').code);
    expect(first('地震致多间房屋倒塌').code).toBe('EARTHQUAKE');
    expect(first('泽州县一自建房倒塌，2人被困').code).toBe('URBAN_RURAL_CONSTRUCTION');
    const food = suggest('食物中毒');
    expect(food.map((s) => s.code)).toEqual(['MARKET_SUPERVISION', 'PUBLIC_HEALTH']);
    const reversed = suggestIncidentTypes([...config.types].reverse(), '食物中毒', 5, config.matching);
    expect(reversed.map((s) => s.code)).toEqual(['MARKET_SUPERVISION', 'PUBLIC_HEALTH']);
    expect(food[0].explanation).toBe('食物中毒(5) = 5');
  });
});
