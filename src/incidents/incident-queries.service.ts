import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ActivationService } from '../activation/activation.service';
import { Severity } from '../common/core/severity';
import { BadInputException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { instantParam } from '../database/columns.helper';
import { CountyIndex } from './core/incident-validation';
import { IncidentEventEntity } from './entities/incident-event.entity';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentStatus } from './models/incident-status.enum';

export interface IncidentListFilter {
  status?: IncidentStatus | null;
  incidentType?: string | null;
  severity?: Severity | null;
  county?: string | null;
  reportedFrom?: Date | null;
  reportedTo?: Date | null;
}

export interface IncidentPage {
  nodes: IncidentEntity[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** The read side of incidents: one incident, a filtered page, the events of many (DataLoader batch). */
@Injectable()
export class IncidentQueriesService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly activations: ActivationService,
    private readonly counties: CountyIndex,
  ) {}

  /** The name of an incident type, or its code if the configuration no longer knows it. */
  typeName(code: string): string {
    return this.config.incidentTypes.types.find((t) => t.code === code)?.name ?? code;
  }

  get(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.manager.findOne(IncidentEntity, { where: { id } });
  }

  async list(filter: IncidentListFilter, first: number, after: string | null): Promise<IncidentPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new BadInputException('first', first, `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const qb = this.dataSource.manager.createQueryBuilder(IncidentEntity, 'i');
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.incidentType) {
      this.activations.incidentType(filter.incidentType.trim(), 'filter.incidentType');
      qb.andWhere('i.incidentType = :incidentType', { incidentType: filter.incidentType.trim() });
    }
    if (filter.severity) qb.andWhere('i.severity = :severity', { severity: filter.severity });
    if (filter.county)
      qb.andWhere('i.county = :county', { county: this.counties.check(filter.county, 'filter.county') });
    if (filter.reportedFrom)
      qb.andWhere('i.reportedAt >= :reportedFrom', { reportedFrom: instantParam(filter.reportedFrom) });
    if (filter.reportedTo) qb.andWhere('i.reportedAt < :reportedTo', { reportedTo: instantParam(filter.reportedTo) });
    const totalCount = await qb.clone().getCount();
    if (after) {
      const cursor = decodeCursor(after);
      qb.andWhere('(i.reportedAt < :cursorAt OR (i.reportedAt = :cursorAt AND i.id < :cursorId))', {
        cursorAt: cursor.reportedAt,
        cursorId: cursor.id,
      });
    }
    const rows = await qb
      .orderBy('i.reportedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(first + 1)
      .getMany();
    const nodes = rows.slice(0, first);
    const lastNode = nodes[nodes.length - 1];
    return {
      nodes,
      totalCount,
      hasNextPage: rows.length > first,
      endCursor: lastNode ? encodeCursor(lastNode) : null,
    };
  }

  /** The events of each incident, by seq; one query for all ids (DataLoader batch). */
  async eventsByIncidentIds(ids: readonly string[]): Promise<IncidentEventEntity[][]> {
    const rows = ids.length
      ? await this.dataSource.manager.find(IncidentEventEntity, {
          where: { incidentId: In([...new Set(ids)]) },
          order: { seq: 'ASC' },
        })
      : [];
    const grouped = new Map<string, IncidentEventEntity[]>();
    for (const row of rows) grouped.set(row.incidentId, [...(grouped.get(row.incidentId) ?? []), row]);
    return ids.map((id) => grouped.get(id) ?? []);
  }
}

/** Opaque page cursor: the reportedAt and id of the last incident of a page. */
export function encodeCursor(incident: Pick<IncidentEntity, 'reportedAt' | 'id'>): string {
  return Buffer.from(`${instantParam(incident.reportedAt)}|${incident.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { reportedAt: string; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(text);
  if (!match) throw new BadInputException('after', cursor, 'is not a cursor returned by incidents.pageInfo.endCursor');
  return { reportedAt: match[1], id: match[2] };
}
