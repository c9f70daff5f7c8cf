import { chinaTime } from './core/message-renderer';

/** What the acknowledgement page shows about the incident (never a contact value). */
export interface AckPageFacts {
  personName: string;
  incidentTitle: string;
  incidentTypeName: string;
  severity: string;
  reportedAt: Date;
  location: string | null;
  acknowledgedAt?: Date | null;
  closedAt?: Date | null;
}

const SEVERITY_NAMES: Record<string, string> = {
  I: 'Ⅰ级（特别重大）',
  II: 'Ⅱ级（重大）',
  III: 'Ⅲ级（较大）',
  IV: 'Ⅳ级（一般）',
};

/**
 * The pages of the one-click acknowledgement link (Chinese, no script, no external resource).
 * GET shows the incident and one button; only the button's POST acknowledges, so link previews
 * and mail scanners that fetch the link change nothing.
 */
export const ackPages = {
  confirm(facts: AckPageFacts, action: string): string {
    return page(
      '确认收到应急通知',
      `${incidentFacts(facts)}<p>${escapeHtml(facts.personName)}同志：请点击下方按钮确认您已收到此通知。</p>` +
        `<form method="post" action="${escapeHtml(action)}"><button type="submit" style="font-size:1.3em;padding:.6em 2em">确认收到</button></form>`,
    );
  },
  acknowledged(facts: AckPageFacts, justNow: boolean): string {
    const at = facts.acknowledgedAt ? chinaTime(facts.acknowledgedAt) : '';
    return page(
      justNow ? '已确认收到' : '此前已确认',
      `${incidentFacts(facts)}<p>${escapeHtml(facts.personName)}同志，您${justNow ? '已' : '已于' + at}确认收到此通知${justNow ? `（${at}）` : ''}。谢谢！</p>`,
    );
  },
  closed(facts: AckPageFacts): string {
    const at = facts.closedAt ? chinaTime(facts.closedAt) : '';
    return page(
      '事件已结束',
      `${incidentFacts(facts)}<p>该事件已于${at}结束处置，无需再确认。如有疑问，请联系值班室。</p>`,
    );
  },
  expired(): string {
    return page('链接已过期', '<p>该确认链接已过期。如需确认收到通知，请联系值班室。</p>');
  },
  unknown(): string {
    return page('链接无效', '<p>该确认链接无效或已失效。如需确认收到通知，请联系值班室。</p>');
  },
  tooMany(seconds: number): string {
    return page('请求过于频繁', `<p>请求过于频繁，请${seconds}秒后再试，或联系值班室。</p>`);
  },
};

function incidentFacts(facts: AckPageFacts): string {
  const rows: Array<[string, string]> = [
    ['事件', facts.incidentTitle],
    ['类型', facts.incidentTypeName],
    ['级别', SEVERITY_NAMES[facts.severity] ?? facts.severity],
    ['报告时间', chinaTime(facts.reportedAt)],
    ...(facts.location ? ([['地点', facts.location]] as Array<[string, string]>) : []),
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em"><h1>${title}</h1>${body}</body></html>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
