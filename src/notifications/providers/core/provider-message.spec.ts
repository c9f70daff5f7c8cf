import { fillTemplateText, providerKindOf, templateParams } from './provider-message';

const template = {
  sms: { aliyun: 'SMS_1', tencent: '1' },
  variables: { name: 'personName', title: 'title', code: 'replyCode' },
  text: '${name}同志：${title}。请回复"1 ${code}"确认。',
};

describe('provider templates', () => {
  it('fills the variables in order, flattened and cut to the length providers accept', () => {
    const params = templateParams(
      template,
      { personName: '王斌权', title: '某煤矿\n井下瓦斯爆炸事故造成多人被困需要立即组织救援' },
      '4721',
      12,
    );
    expect(params).toEqual([
      ['name', '王斌权'],
      ['title', '某煤矿 井下瓦斯爆炸事…'],
      ['code', '4721'],
    ]);
    expect(fillTemplateText(template.text, params)).toBe('王斌权同志：某煤矿 井下瓦斯爆炸事…。请回复"1 4721"确认。');
  });

  it('chooses the template by the kind of send', () => {
    expect(providerKindOf('INITIAL', '事件报告: III级(较大)煤矿生产安全事故')).toBe('activation');
    expect(providerKindOf('INITIAL', '事件调整级别: IV级 → III级; 伤亡增加')).toBe('regrade');
    expect(providerKindOf('REMINDER', null)).toBe('reminder');
    expect(providerKindOf('ESCALATION', null)).toBe('escalation');
    expect(providerKindOf('DEADLINE_ALERT', null)).toBe('deadlineAlert');
    expect(providerKindOf('REPORT_ALERT', '首报应于…')).toBe('deadlineAlert');
    expect(providerKindOf('DUTY_ALERT', '已升级3次')).toBe('deadlineAlert');
  });
});
