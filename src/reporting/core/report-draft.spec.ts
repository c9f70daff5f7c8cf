import { buildReportDraft, casualtySentences, DraftFacts, draftTitle } from './report-draft';

const FACTS: DraftFacts = {
  kind: 'INITIAL',
  exercise: false,
  title: '某煤矿井下瓦斯爆炸',
  incidentTypeName: '煤矿安全事故',
  gradeLabel: '较大(III级)',
  occurredAt: '2024-06-01 07:10',
  reportedAt: '2024-06-01 07:30',
  county: '阳城县',
  location: '某煤矿',
  description: '井下发生瓦斯爆炸。目前已造成3人死亡，5人受伤；2人被困。现场已封闭',
  response: '较大及以上煤矿安全事故应急指挥部启动',
  measures: ['07:31通知张三、李四等9人。', '07:40指挥长张三确认收到通知。'],
  nextReport: '续报（2024-06-01 17:00前）',
  closed: null,
  reporter: '值班员甲，晋城市应急救援总指挥部办公室',
  draftedAt: '2024-06-01 07:50',
  filedBefore: 0,
};

describe('report drafts', () => {
  it('has the seven parts of the official layout, filled from the facts', () => {
    const text = buildReportDraft(FACTS);
    const order = [
      '一、时间',
      '二、地点',
      '三、事件类型与等级',
      '四、伤亡与损失',
      '五、已采取的措施',
      '六、下一步工作',
      '七、报告人',
    ];
    const positions = order.map((h) => text.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text.split('\n')[0]).toBe('关于某煤矿井下瓦斯爆炸的首报');
    expect(text).toContain('一、时间：2024-06-01 07:10发生，2024-06-01 07:30接报。');
    expect(text).toContain('二、地点：阳城县 某煤矿。');
    expect(text).toContain('三、事件类型与等级：煤矿安全事故，较大(III级)。较大及以上煤矿安全事故应急指挥部启动。');
    expect(text).toContain('四、伤亡与损失：目前已造成3人死亡，5人受伤；2人被困。');
    expect(text).toContain('  2. 07:40指挥长张三确认收到通知。');
    expect(text).toContain('按时报送续报（2024-06-01 17:00前）。');
    expect(text).toContain('七、报告人：值班员甲，晋城市应急救援总指挥部办公室（2024-06-01 07:50）');
  });

  it('marks exercises and numbers follow-ups; says what is missing', () => {
    expect(draftTitle({ ...FACTS, kind: 'FOLLOW_UP', exercise: true, filedBefore: 1 })).toBe(
      '【演练】关于某煤矿井下瓦斯爆炸的第2次续报',
    );
    const text = buildReportDraft({
      ...FACTS,
      kind: 'FINAL',
      description: null,
      location: null,
      county: null,
      occurredAt: null,
      measures: [],
      closed: { at: '2024-06-02 10:00', reason: '救援结束' },
    });
    expect(text).toContain('发生时间待核实');
    expect(text).toContain('二、地点：（待核实）。');
    expect(text).toContain('四、伤亡与损失：（待核实，请填写）');
    expect(text).toContain('2024-06-02 10:00应急响应结束：救援结束。');
    expect(text).toContain('善后处置');
  });

  it('picks the sentences about casualties and losses', () => {
    expect(casualtySentences('发生火灾。过火面积2公顷，无人员伤亡；直接经济损失约50万元。')).toEqual([
      '过火面积2公顷，无人员伤亡',
      '直接经济损失约50万元',
    ]);
  });
});
