import { Controller, Get, Header, HttpCode, Param, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { DutyCalendarService } from './duty-calendar.service';

interface FeedResponse {
  status(code: number): unknown;
  type(contentType: string): unknown;
}

/**
 * GET /duty/calendar/:token.ics — a person's duty shifts as an iCalendar feed that calendar apps
 * subscribe to (they send no API key, so the unguessable token is the key; only its hash is stored).
 */
@Controller('duty/calendar')
export class DutyCalendarController {
  constructor(private readonly calendars: DutyCalendarService) {}

  @Public()
  @Get(':file')
  @HttpCode(200)
  @Header('Cache-Control', 'private, max-age=300')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Robots-Tag', 'noindex')
  async feed(@Param('file') file: string, @Res({ passthrough: true }) res: FeedResponse): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : file;
    const body = await this.calendars.feed(token);
    if (body === null) {
      res.status(404);
      res.type('text/plain; charset=utf-8');
      return '日历链接无效或已失效 (unknown or revoked calendar link)\n';
    }
    res.type('text/calendar; charset=utf-8');
    return body;
  }
}
