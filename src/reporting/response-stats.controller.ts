import { BadRequestException, Controller, Get, Header, Query, Res } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { DomainException } from '../common/domain.exception';
import { quotedValue } from '../common/core/quoted-value';
import { STATS_GROUP_BYS, StatsGroupBy, statsCsv } from './core/response-stats';
import { ResponseStatsService } from './response-stats.service';

interface CsvResponse {
  setHeader(name: string, value: string): unknown;
}

function instant(field: string, value: string | undefined): Date {
  const date =
    value && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
      ? new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value)
      : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new BadRequestException(
      `${field}: must be an ISO-8601 instant or a date (China Standard Time), e.g. 2024-06-01 or 2024-06-01T00:00:00Z (got ${quotedValue(value ?? null)})`,
    );
  }
  return date;
}

/**
 * GET /reports/response-stats.csv?from=…&to=…&groupBy=POST|GRADE|CHANNEL|PERSON[&includeExercises=true]:
 * the figures of responseStats as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese). Needs an API key (reader).
 */
@Controller('reports')
export class ResponseStatsController {
  constructor(private readonly stats: ResponseStatsService) {}

  @Roles(ApiRole.reader)
  @Get('response-stats.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async csv(
    @Query('from') fromText: string | undefined,
    @Query('to') toText: string | undefined,
    @Query('groupBy') groupByText: string | undefined,
    @Query('includeExercises') includeText: string | undefined,
    @Res({ passthrough: true }) res: CsvResponse,
  ): Promise<string> {
    const from = instant('from', fromText);
    const to = instant('to', toText);
    const groupBy = (groupByText ?? 'POST').toUpperCase() as StatsGroupBy;
    if (!STATS_GROUP_BYS.includes(groupBy))
      throw new BadRequestException(
        `groupBy: must be one of ${STATS_GROUP_BYS.join(', ')} (got ${quotedValue(groupByText)})`,
      );
    if (includeText !== undefined && !['true', 'false', '1', '0'].includes(includeText)) {
      throw new BadRequestException(`includeExercises: must be true or false (got ${quotedValue(includeText)})`);
    }
    try {
      const rows = await this.stats.stats(from, to, groupBy, includeText === 'true' || includeText === '1');
      res.setHeader('Content-Disposition', `attachment; filename="response-stats-${groupBy.toLowerCase()}.csv"`);
      return `\uFEFF${statsCsv(rows)}`;
    } catch (error) {
      if (error instanceof DomainException) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
