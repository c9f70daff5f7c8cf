/**
 * Chinese for the people who read `extensions.messageZh` (the console shows it as it is): the names of the
 * fields errors name, and the reasons bad input is refused. A thrower may give its own Chinese reason
 * (BadInputException's problemZh); without one, the English reason is put into Chinese here when it is one
 * of the common kinds below, so that a duty officer reads why, not only which field. Pure; no Nest.
 */

/** Chinese names of the fields messages name, so people read 生效时间 rather than effectiveFrom. */
const FIELD_ZH: Record<string, string> = {
  effectiveFrom: '生效时间',
  until: '截止时间',
  asOf: '查询时点',
  knownAt: '记录时点',
  seatId: '席位',
  seatIds: '席位顺序',
  body: '指挥机构',
  code: '代码',
  role: '角色',
  positionTitle: '职务',
  personName: '姓名',
  personId: '人员',
  name: '名称',
  replacing: '被接替人',
  documentRef: '文号',
  reason: '原因',
  incidentType: '事件类型',
  severity: '事件级别',
  title: '标题',
  description: '事件描述',
  location: '地点',
  county: '县市区',
  reporter: '报告人',
  occurredAt: '发生时间',
  receivedAt: '确认时间',
  idempotencyKey: '防重复提交标识',
  note: '备注',
  id: '编号',
  incidentId: '事件',
  key: '密钥',
  roles: '角色',
  contentBase64: '表格文件',
  substitute: '代班人',
  month: '月份',
  from: '开始时间',
  to: '结束时间',
  text: '内容',
  username: '用户名',
  displayName: '显示名称',
  expiresAt: '过期时间',
  alias: '别名',
  label: '标签',
  priority: '优先顺序',
  value: '联系方式',
  first: '每页条数',
  after: '翻页位置',
  limit: '条数上限',
  offset: '起始位置',
  date: '日期',
  DateTime: '时间',
  currentPassword: '当前密码',
  newPassword: '新密码',
};

/**
 * The Chinese name of a field or of the last step of a path (`input.title`, `input.contacts[2].value`),
 * or undefined when it has none.
 */
export function fieldLabelZh(field: string): string | undefined {
  const last =
    field
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? field;
  return FIELD_ZH[field] ?? FIELD_ZH[last];
}

type Rule = [RegExp, (...groups: string[]) => string];

/** The common reasons, by the words they start with (the English is written by this codebase's throwers). */
const RULES: Rule[] = [
  [/^(?:must not be empty|is required|a person name is required)/, () => '不能为空'],
  [/^is empty once spaces and invisible/, () => '去掉空格和不可见字符后为空，请填写内容'],
  [/^must be (\d+) to (\d+) characters/, (a, b) => `长度须为 ${a} 至 ${b} 个字符`],
  [/^must be at most (\d+) characters/, (n) => `不能超过 ${n} 个字符`],
  [/^is longer than (\d+) characters \((\d+)\)/, (n, got) => `超过 ${n} 个字符（当前 ${got} 个），请删减`],
  [/^is (\d+) characters long; at most (\d+)/, (got, n) => `共 ${got} 个字符，不能超过 ${n} 个`],
  [
    /^contains (?:a lone surrogate|a NUL character|the control character|the bidirectional control|a Unicode non-character)/,
    () => '含有不可见的控制字符（多见于从其他文档复制的文字），请删除后重新输入',
  ],
  [
    /^(?:must be an instant|is not a valid calendar date-time|is not an ISO-8601 date-time|must be an ISO-8601 string)/,
    () => '不是有效的时间，应为如 2026-06-01T10:42:00+08:00 的格式',
  ],
  [/^must be between 1900 and 2200/, () => '年份须在 1900 至 2200 之间'],
  [/^is in the future/, () => '晚于当前时间（发生或确认的时间不能是将来）'],
  [/^must be in the future/, () => '须晚于当前时间'],
  [/^must be after (\w+)/, (other) => `须晚于${fieldLabelZh(other) ?? other}`],
  [/^must not be before (\w+)/, (other) => `不能早于${fieldLabelZh(other) ?? other}`],
  [/^must be a month YYYY-MM/, () => '须为年月，如 2026-12'],
  [/^must be a date YYYY-MM-DD/, () => '须为日期，如 2026-12-01（北京时间）'],
  [/^is not a known incident type/, () => '不是已知的事件类型，请从列表中选择'],
  [
    /^is not a county or district of (\S+?); expected one of (.+)$/,
    (city, list) => `不是${city}的县市区，应为：${list.split(', ').join('、')}`,
  ],
  [/^must be one of (.+)$/, (list) => `须为以下之一：${list}`],
  [/^must be between (\d+) and (\d+)/, (a, b) => `须在 ${a} 至 ${b} 之间`],
  [/^must be zero or more/, () => '须为零或正数'],
  [/^must not be negative/, () => '不能为负数'],
  [/^no person has this id/, () => '没有此编号的人员'],
  [
    /^no position has this title(?:; close titles: ([^;]+))?/,
    (close) => `没有此职务${close ? `（相近的职务：${close}）` : ''}`,
  ],
  [
    /^no person has this name(?:; close names: ([^;]+))?/,
    (close) => `没有此姓名的人员${close ? `（相近的姓名：${close}）` : ''}`,
  ],
  [/^names (?:several holders of .+?|\d+ persons .*); pass personId/, () => '对应多人，请同时指定人员编号（personId）'],
  [/^is already the grade of incident/, () => '与事件当前级别相同，无需调整'],
  [/^Value .* does not exist in "(\w+)" enum/, (type) => `不是 ${type} 的有效取值`],
  [/^Field "(\w+)" is not defined by type/, (name) => `没有名为 ${name} 的字段`],
  [/^Expected type "(\w+)/, (type) => `应为 ${type} 类型的值`],
  [/^already holds (.+?) on (.+)$/, (title, at) => `${at} 时已担任${title}`],
  [/^(.+?) is already vacant on (.+)$/, (title, at) => `${title}在 ${at} 时已空缺`],
  [
    /^does not hold (.+?) on (\S+)(?:; holders then: (.+?))?(?: \(it is vacant\))?; appoint them first/,
    (title, at, holders) => `在 ${at} 时未担任${title}${holders ? `（当时为：${holders}）` : ''}，请先任命`,
  ],
  [/^(.+?) does not hold (.+?) on (.+)$/, (who, title, at) => `${who}在 ${at} 时未担任${title}`],
  [
    /^is not a holder of (.+?) on (.+?); holders then: (.+)$/,
    (title, at, holders) => `不是 ${at} 时的${title}任职者（当时为：${holders === 'nobody' ? '无' : holders}）`,
  ],
];

/** The reason in Chinese, or undefined when it is not one of the common kinds. */
export function problemInChinese(problem: string): string | undefined {
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(problem);
    if (match) return say(...match.slice(1));
  }
  return undefined;
}
