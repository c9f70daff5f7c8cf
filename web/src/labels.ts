/** Chinese names for the API's codes, in one place. */
export const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABEL: Record<string, string> = {
  I: 'Ⅰ级 特别重大',
  II: 'Ⅱ级 重大',
  III: 'Ⅲ级 较大',
  IV: 'Ⅳ级 一般',
};
export const SEVERITY_SHORT: Record<string, string> = { I: 'Ⅰ级', II: 'Ⅱ级', III: 'Ⅲ级', IV: 'Ⅳ级' };
export const SEVERITY_COLOR: Record<string, string> = { I: 'red', II: 'orange', III: 'gold', IV: 'blue' };

/** 待发送 / 已发送 / 已送达 / 已确认 / 失败 */
export const NOTIFICATION_STATUS: Record<string, { label: string; color: string }> = {
  PENDING: { label: '待发送', color: 'default' },
  QUEUED: { label: '待发送', color: 'default' },
  SENT: { label: '已发送', color: 'processing' },
  DELIVERED: { label: '已送达', color: 'cyan' },
  ACKNOWLEDGED: { label: '已确认', color: 'success' },
  FAILED: { label: '失败', color: 'error' },
};

export const CHANNEL_LABEL: Record<string, string> = {
  log: '系统记录',
  webhook: '短信/网关',
  sms: '短信',
  voice: '语音电话',
  email: '电子邮件',
  phone: '电话',
};

export const INCIDENT_STATUS: Record<string, { label: string; color: string }> = {
  OPEN: { label: '处置中', color: 'red' },
  CLOSED: { label: '已结束', color: 'default' },
};

export const ROLE_LABEL: Record<string, string> = {
  admin: '管理员',
  roster_editor: '人事维护',
  duty_officer: '值班员',
  reader: '只读',
};

export const COMMAND_ROLE_LABEL: Record<string, string> = {
  COMMANDER: '指挥长',
  EXECUTIVE_DEPUTY_COMMANDER: '常务副总指挥',
  DEPUTY_COMMANDER: '副指挥长',
  MEMBER: '成员',
  OFFICE_DIRECTOR: '办公室主任',
};

export const EVENT_KIND_LABEL: Record<string, string> = {
  REPORTED: '接报',
  UPDATED: '更新',
  REGRADED: '调整等级',
  ACKNOWLEDGED: '确认',
  ESCALATED: '升级催办',
  ESCALATION_EXHAUSTED: '升级已达上限',
  RESENT: '重发未确认',
  REPORT_FILED: '信息报送',
  DEADLINE_ALERT: '报送提醒',
  CLOSED: '结束',
};

export const ROSTER_ISSUE_LABEL: Record<string, string> = {
  VACANT_SEAT: '席位空缺',
  ACTING_PAST_END: '代理超期',
  TITLE_UNDER_TWO_NAMES: '一职两人',
  NO_CONTACT_METHOD: '缺少联系方式',
  HOLDER_LEFT_POSITION: '任职人已离任',
  INFERENCE_TO_CONFIRM: '职务待核实',
  DUTY_SHIFT_WITHOUT_LEADER: '班次缺带班领导',
  DUTY_SHIFT_WITHOUT_OFFICER: '班次缺值班员',
  DUTY_ROSTER_MISSING: '缺少值班表',
};

/** The counties and districts of 晋城市 (config/jurisdiction.yaml). */
export const COUNTIES = ['城区', '泽州县', '高平市', '阳城县', '陵川县', '沁水县', '开发区'];

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const DATE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** An instant in China Standard Time, e.g. 2026/11/29 20:15:03. */
export function formatTime(value: string | null | undefined): string {
  return value ? TIME.format(new Date(value)) : '—';
}
export function formatDate(value: string | null | undefined): string {
  return value ? DATE.format(new Date(value)) : '—';
}

/** The message of a GraphQL or network error, for a person. */
export function errorText(error: unknown): string {
  if (!error) return '';
  const e = error as {
    errors?: Array<{ message: string; extensions?: { messageZh?: string; zh?: string } }>;
    message?: string;
  };
  if (e.errors?.length) return e.errors.map((x) => x.extensions?.messageZh ?? x.extensions?.zh ?? x.message).join('；');
  return e.message ?? String(error);
}
