import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { IncidentTypeKeywords, normalizeText, suggestIncidentTypes } from './incident-type-suggestion';

interface IncidentTypeConfig extends IncidentTypeKeywords {
  category: string;
  post: string;
  grading: string;
}

const config = parse(readFileSync(resolve(process.cwd(), 'config', 'incident-types.yaml'), 'utf8')) as {
  categories: Array<{ code: string; name: string }>;
  types: IncidentTypeConfig[];
};
const types: IncidentTypeKeywords[] = config.types;

function codes(text: string, limit?: number): string[] {
  return suggestIncidentTypes(types, text, limit).map((suggestion) => suggestion.code);
}

describe('config/incident-types.yaml', () => {
  it('lists the 17 types in post order, each with its post, category and 10-25 keywords', () => {
    expect(config.types.map((type) => type.code)).toEqual([
      'EARTHQUAKE',
      'FOREST_GRASSLAND_FIRE',
      'FLOOD_DROUGHT',
      'GEOLOGICAL_DISASTER',
      'METEOROLOGICAL_DISASTER',
      'PRODUCTION_SAFETY',
      'COAL_MINE_SAFETY',
      'TRAFFIC_ACCIDENT',
      'CULTURE_TOURISM',
      'CAMPUS_SAFETY',
      'URBAN_RURAL_CONSTRUCTION',
      'SPECIAL_EQUIPMENT',
      'ECO_ENVIRONMENT',
      'PUBLIC_HEALTH',
      'MARKET_SUPERVISION',
      'ANIMAL_EPIDEMIC',
      'SOCIAL_SECURITY',
    ]);
    const categories = new Set(config.categories.map((category) => category.code));
    for (const type of config.types) {
      expect(type.post).toBe(type.code);
      expect(categories.has(type.category)).toBe(true);
      expect(type.keywords.length).toBeGreaterThanOrEqual(10);
      expect(type.keywords.length).toBeLessThanOrEqual(25);
      expect(new Set(type.keywords).size).toBe(type.keywords.length);
      for (const keyword of type.keywords) expect(typeof keyword).toBe('string');
    }
  });
});

describe('suggestIncidentTypes with config/incident-types.yaml', () => {
  it('puts coal mine safety first for a gas explosion', () => {
    const suggestions = suggestIncidentTypes(types, '某煤矿井下发生瓦斯爆炸, 3人被困');
    expect(suggestions[0].code).toBe('COAL_MINE_SAFETY');
    expect(suggestions[0].name).toBe('煤矿生产安全事故');
    expect(suggestions[0].matchedWords).toEqual(['煤矿', '井下', '瓦斯爆炸']);
    expect(codes('瓦斯爆炸')[0]).toBe('COAL_MINE_SAFETY');
  });

  it('proposes geological disasters for landslides and debris flows', () => {
    expect(codes('陵川县某村发生山体滑坡')[0]).toBe('GEOLOGICAL_DISASTER');
    expect(codes('暴雨后突发泥石流, 冲毁民房')).toContain('GEOLOGICAL_DISASTER');
    expect(codes('泥石流')[0]).toBe('GEOLOGICAL_DISASTER');
  });

  it('proposes special equipment for elevator entrapment and boiler explosions', () => {
    expect(codes('小区电梯困人已超过2小时')[0]).toBe('SPECIAL_EQUIPMENT');
    expect(codes('供热站锅炉爆炸')[0]).toBe('SPECIAL_EQUIPMENT');
  });

  it('proposes both market supervision and public health for food poisoning', () => {
    const suggestions = suggestIncidentTypes(types, '某饭店发生食物中毒, 20余人就医');
    const found = suggestions.map((suggestion) => suggestion.code);
    expect(found.slice(0, 2).sort()).toEqual(['MARKET_SUPERVISION', 'PUBLIC_HEALTH']);
    const market = suggestions.find((suggestion) => suggestion.code === 'MARKET_SUPERVISION');
    expect(market?.matchedWords).toEqual(['饭店', '食物中毒']);
    const health = suggestions.find((suggestion) => suggestion.code === 'PUBLIC_HEALTH');
    expect(health?.matchedWords).toEqual(['食物中毒']);
  });

  it('proposes nothing for unrelated text', () => {
    expect(suggestIncidentTypes(types, '今天天气晴朗, 值班正常')).toEqual([]);
    expect(suggestIncidentTypes(types, '')).toEqual([]);
    expect(suggestIncidentTypes(types, '   ')).toEqual([]);
  });

  it('recognises other types from typical reports', () => {
    expect(codes('沁水县发生4.5级地震, 震感明显')[0]).toBe('EARTHQUAKE');
    expect(codes('阳城县林区起火, 过火面积约3公顷')[0]).toBe('FOREST_GRASSLAND_FIRE');
    expect(codes('高速公路多车相撞, 货车侧翻')[0]).toBe('TRAFFIC_ACCIDENT');
    expect(codes('某养殖场发生非洲猪瘟疫情')[0]).toBe('ANIMAL_EPIDEMIC');
    expect(codes('河流污染, 下游出现大量死鱼')[0]).toBe('ECO_ENVIRONMENT');
    expect(codes('建筑工地脚手架坍塌')[0]).toBe('URBAN_RURAL_CONSTRUCTION');
  });
});

describe('suggestIncidentTypes scoring', () => {
  const sample: IncidentTypeKeywords[] = [
    { code: 'A', name: '甲类事故', keywords: ['爆炸', '火灾'] },
    { code: 'B', name: '乙类事故', keywords: ['瓦斯', '瓦斯爆炸', 'CO超限'] },
    { code: 'C', name: '丙类事件', keywords: ['火灾'] },
  ];

  it('weighs longer keyword matches more, and does not count a word inside a longer one again', () => {
    const suggestions = suggestIncidentTypes(sample, '瓦斯爆炸');
    expect(suggestions).toEqual([
      { code: 'B', name: '乙类事故', score: 4, matchedWords: ['瓦斯爆炸'] },
      { code: 'A', name: '甲类事故', score: 2, matchedWords: ['爆炸'] },
    ]);
  });

  it('does not count a word straddling two matched words', () => {
    const straddle: IncidentTypeKeywords[] = [{ code: 'M', name: '煤矿事故', keywords: ['煤矿', '矿井', '井下'] }];
    expect(suggestIncidentTypes(straddle, '某煤矿井下')[0].matchedWords).toEqual(['煤矿', '井下']);
    expect(suggestIncidentTypes(straddle, '矿井')[0].matchedWords).toEqual(['矿井']);
  });

  it('counts a shorter word that also occurs elsewhere in the text', () => {
    expect(suggestIncidentTypes(sample, '瓦斯爆炸后瓦斯浓度仍高')[0]).toEqual({
      code: 'B',
      name: '乙类事故',
      score: 6,
      matchedWords: ['瓦斯爆炸', '瓦斯'],
    });
  });

  it('weighs a match of the type name most', () => {
    const suggestions = suggestIncidentTypes(sample, '丙类事件, 伴有爆炸和瓦斯爆炸');
    expect(suggestions[0]).toEqual({ code: 'C', name: '丙类事件', score: 18, matchedWords: ['丙类事件'] });
  });

  it('breaks ties by type order', () => {
    expect(suggestIncidentTypes(sample, '仓库火灾').map((suggestion) => suggestion.code)).toEqual(['A', 'C']);
    expect(suggestIncidentTypes([...sample].reverse(), '仓库火灾').map((suggestion) => suggestion.code)).toEqual([
      'C',
      'A',
    ]);
  });

  it('reports matched words in the order they occur', () => {
    expect(suggestIncidentTypes(sample, '先火灾后爆炸')[0].matchedWords).toEqual(['火灾', '爆炸']);
  });

  it('normalises full-width characters, case and whitespace', () => {
    expect(normalizeText('ＣＯ超限　瓦 斯\t爆\n炸')).toBe('co超限瓦斯爆炸');
    const suggestions = suggestIncidentTypes(sample, '井下ＣＯ超限, 瓦 斯　爆炸');
    expect(suggestions[0]).toEqual({ code: 'B', name: '乙类事故', score: 8, matchedWords: ['CO超限', '瓦斯爆炸'] });
  });

  it('honours the limit', () => {
    expect(suggestIncidentTypes(sample, '火灾爆炸瓦斯', 1).map((suggestion) => suggestion.code)).toEqual(['A']);
    expect(suggestIncidentTypes(sample, '火灾爆炸瓦斯', 0)).toEqual([]);
    expect(
      suggestIncidentTypes(types, '煤矿瓦斯爆炸引发火灾, 多名矿工被困井下, 伤员送医院').length,
    ).toBeLessThanOrEqual(5);
  });
});
