/** Shared pieces of the incident page: labels and formats of confirmations, deadlines and figures. */

export const VIA_LABEL: Record<string, string> = {
  LINK: '点击链接确认',
  API: '值班员登记',
  PHONE: '电话确认',
  SMS: '短信回复',
  VOICE: '语音按键',
};

export const REPORT_KIND_LABEL: Record<string, string> = {
  INITIAL: '首报',
  FOLLOW_UP: '续报',
  FINAL: '终报',
};

export const ESCALATION_LABEL: Record<string, { label: string; color: string }> = {
  WAITING: { label: '升级催办中', color: 'processing' },
  CANCELLED: { label: '已停止升级', color: 'success' },
  EXHAUSTED: { label: '升级已达上限，仍未满足', color: 'error' },
  NONE: { label: '无须升级', color: 'default' },
  CLOSED: { label: '事件已结束', color: 'default' },
};

/** 首报, 续报（第2次）, 终报. */
export function deadlineName(d: { kind: string; seq: number }): string {
  return `${REPORT_KIND_LABEL[d.kind] ?? d.kind}${d.kind === 'FOLLOW_UP' ? `（第${d.seq}次）` : ''}`;
}

/** Seconds as 3分05秒, 1小时02分, 45秒; — when unknown. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  if (s < 3600) return `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`;
  const h = Math.floor(s / 3600);
  return `${h}小时${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}分`;
}

/** The time of a notification's current status. */
export function statusTime(n: any): string | null {
  switch (n?.status) {
    case 'ACKNOWLEDGED':
      return n.acknowledgedAt;
    case 'DELIVERED':
      return n.deliveredAt;
    case 'SENT':
      return n.sentAt;
    case 'FAILED':
      return n.failedAt;
    case 'QUEUED':
      return n.queuedAt ?? n.createdAt;
    default:
      return n?.createdAt ?? null;
  }
}
