import { Controller, Get, Header, HttpCode, Param, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { Audited } from '../audit/audited.decorator';
import { AckService } from './delivery/ack.service';
import { chinaTime } from './message-renderer';

/** The part of the Express response used here. */
interface PageResponse {
  status(code: number): unknown;
  type(contentType: string): unknown;
}

/**
 * GET /ack/:token — the one-click acknowledgement link in every message. Public (the person has no
 * API key); the token is unguessable (256 random bits), acknowledges exactly one notification, and
 * only its SHA-256 is stored. Answers a short page in Chinese.
 */
@Controller('ack')
export class AckController {
  constructor(private readonly acks: AckService) {}

  @Public()
  @Audited('acknowledgeByLink')
  @Get(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Robots-Tag', 'noindex')
  async acknowledge(@Param('token') token: string, @Res({ passthrough: true }) res: PageResponse): Promise<string> {
    res.type('html');
    const result = await this.acks.acknowledgeByToken(token);
    if (!result) {
      res.status(404);
      return page('链接无效', '该确认链接无效或已失效。如需确认收到通知，请联系值班室。');
    }
    const { notification, incident } = result;
    const at = notification.acknowledgedAt ? chinaTime(notification.acknowledgedAt) : '';
    return page(
      result.changed ? '已确认收到' : '此前已确认',
      `${escapeHtml(notification.personName)}同志，您${result.changed ? '已' : '已于' + at}确认收到"${escapeHtml(incident.title)}"的通知${result.changed ? `（${at}）` : ''}。谢谢！`,
    );
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
