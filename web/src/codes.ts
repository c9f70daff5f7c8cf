/**
 * Chinese names for the codes of the audit log and for who made a change (actors), so that no raw
 * code reaches a person. An unknown code falls back to its raw text.
 */

/** Every mutation of graphql/schema.graphql, and the REST operations the audit log records. */
export const OPERATION_LABEL: Record<string, string> = {
  signIn: '登录',
  signOut: '退出登录',
  acknowledgeByLink: '链接确认',
  acknowledgeNotification: '记录确认',
  addContactMethod: '添加联系方式',
  addSeat: '增设席位',
  appoint: '任命',
  appointActing: '代理',
  bindDutyOfficeKey: '绑定值班室密钥',
  changePassword: '修改密码',
  closeIncident: '结束事件',
  createApiKey: '新建密钥',
  createUser: '新建用户',
  disableUser: '停用用户',
  enableUser: '启用用户',
  fileReport: '信息报送',
  importDutyRoster: '导入值班表',
  issueDutyCalendarLink: '生成日历订阅链接',
  reassignSeat: '席位调整',
  recordDutyAbsence: '登记请假/出差',
  regradeIncident: '调整等级',
  removeContactMethod: '删除联系方式',
  removeSeat: '撤销席位',
  renamePerson: '更正姓名',
  reorderSeats: '调整席位顺序',
  reportIncident: '接报',
  resendToUnconfirmed: '重发未确认',
  revokeApiKey: '吊销密钥',
  revokeDutyCalendarLink: '吊销日历订阅链接',
  swapDutyShifts: '换班',
  unbindDutyOfficeKey: '解绑值班室密钥',
  updateContactMethod: '修改联系方式',
  updateIncident: '更正事件',
  vacatePosition: '免职',
};

/**
 * The result of an audited operation: ok, an error code of src/common/error-messages.catalog.ts,
 * a sign-in failure, an unknown confirmation link, or HTTP_<status> for a REST call.
 */
export const AUDIT_RESULT_LABEL: Record<string, string> = {
  ok: '成功',
  BAD_USER_INPUT: '输入有误',
  GRAPHQL_VALIDATION_FAILED: '请求格式不符',
  GRAPHQL_PARSE_FAILED: '请求无法解析',
  UNAUTHENTICATED: '未认证',
  FORBIDDEN: '无权操作',
  NOT_FOUND: '对象不存在',
  NOT_ESTABLISHED: '指挥体系尚未建立',
  CONFLICT: '数据冲突',
  UNAVAILABLE: '服务暂不可用',
  RATE_LIMITED: '请求过于频繁',
  QUERY_TOO_COMPLEX: '请求过于复杂',
  PERSISTED_QUERY_NOT_FOUND: '持久化查询不存在',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
  INVALID_CREDENTIALS: '用户名或密码错误',
  LOCKED: '账户已锁定',
  DISABLED: '账户已停用',
  UNKNOWN_TOKEN: '确认链接无效',
};

/** 成功, 输入有误, HTTP 404 错误 …; the raw result when unknown. */
export function auditResultLabel(result: string): string {
  if (result.toLowerCase() === 'ok') return AUDIT_RESULT_LABEL.ok;
  const http = /^HTTP_(\d{3})$/.exec(result);
  if (http) return `HTTP ${http[1]} 错误`;
  return AUDIT_RESULT_LABEL[result] ?? result;
}

export function isOkResult(result: string): boolean {
  return result.toLowerCase() === 'ok';
}

/** Actors that are not an API key chosen by an administrator. */
const NAMED_ACTORS: Record<string, string> = {
  'roster:import': '名录导入',
  'first-start admin': '初始管理员密钥',
  ADMIN_API_KEY: '管理员密钥（环境变量）',
  system: '系统',
};

/**
 * Who made a change, for a person: a console user (user:<username>) as 用户 姓名 when the name is
 * known, else 用户 username; the importer, the bootstrap keys and the system by
 * their Chinese names; any other actor is the name of an API key (密钥 name).
 */
export function actorLabel(actor: string, displayNames?: ReadonlyMap<string, string>): string {
  if (actor.startsWith('user:')) {
    const username = actor.slice('user:'.length);
    return `用户 ${displayNames?.get(username) ?? username}`;
  }
  return NAMED_ACTORS[actor] ?? `密钥 ${actor}`;
}
