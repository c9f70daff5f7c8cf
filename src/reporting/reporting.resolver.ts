import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { Clock } from '../common/clock.provider';
import { loader, RequestContext } from '../common/request-context.helper';
import { RosterViewService } from '../roster/roster-view.service';
import { actorOf } from '../auth/principal.types';
import { IncidentModel } from '../incidents/models/incident.model';
import type { StatsGroupBy } from './core/response-stats';
import {
  FileReportInput,
  IncidentReportModel,
  IncidentResponseFiguresModel,
  ReportDraftModel,
  ReportingDeadlineModel,
  ReportKind,
  ResponseStatsRowModel,
  StatsGroupByEnum,
} from './models/reporting.model';
import { ReportDraftService } from './report-draft.service';
import { ReportingDeadlinesService } from './reporting-deadlines.service';
import { toDeadlineModel, toReportModel } from './reporting.mapper';
import { ResponseStatsService } from './response-stats.service';

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms) / 1000);

/** Reporting deadlines, reports and after-action figures on incidents; fileReport, draftReport, responseStats. */
@Resolver(() => IncidentModel)
export class ReportingResolver {
  constructor(
    private readonly deadlines: ReportingDeadlinesService,
    private readonly drafts: ReportDraftService,
    private readonly stats: ResponseStatsService,
    private readonly clock: Clock,
    private readonly views: RosterViewService,
  ) {}

  @ResolveField(() => [ReportingDeadlineModel], {
    description:
      'When its 首报, 续报 and 终报 are due and when they were filed: the 首报 from intake, one open 续报 at a time, the 终报 after close. A regrade recomputes the ones not filed.',
  })
  async reportingDeadlines(
    @Parent() incident: IncidentModel,
    @Context() ctx: RequestContext,
  ): Promise<ReportingDeadlineModel[]> {
    const rows = await loader(
      ctx,
      'deadlinesByIncident',
      () => new DataLoader((ids: readonly string[]) => this.deadlines.byIncidentIds(ids)),
    ).load(incident.id);
    const now = this.clock.now();
    return rows.map((r) => toDeadlineModel(r, now));
  }

  @ResolveField(() => [IncidentReportModel], { description: 'The reports filed, oldest first.' })
  async reports(@Parent() incident: IncidentModel, @Context() ctx: RequestContext): Promise<IncidentReportModel[]> {
    const [rows, deadlines] = await Promise.all([
      loader(
        ctx,
        'reportsByIncident',
        () => new DataLoader((ids: readonly string[]) => this.deadlines.reportsByIncidentIds(ids)),
      ).load(incident.id),
      loader(
        ctx,
        'deadlinesByIncident',
        () => new DataLoader((ids: readonly string[]) => this.deadlines.byIncidentIds(ids)),
      ).load(incident.id),
    ]);
    const now = this.clock.now();
    return rows.map((r) => toReportModel(r, deadlines.find((d) => d.id === r.deadlineId) ?? null, now));
  }

  @ResolveField(() => IncidentResponseFiguresModel, {
    nullable: true,
    description:
      'After-action figures: seconds from the report to the first message, the first confirmation and the confirmation policy met; per person and channel.',
  })
  async responseFigures(
    @Parent() incident: IncidentModel,
    @Context() ctx: RequestContext,
  ): Promise<IncidentResponseFiguresModel | null> {
    const figures = await loader(
      ctx,
      'figuresByIncident',
      () => new DataLoader((ids: readonly string[]) => this.stats.figuresByIncidentIds(ids)),
    ).load(incident.id);
    if (!figures) return null;
    const view = await this.views.current();
    return {
      toFirstMessage: seconds(figures.toFirstMessageMs),
      toFirstConfirmation: seconds(figures.toFirstConfirmationMs),
      toPolicyMet: seconds(figures.toPolicyMetMs),
      people: figures.people.map((p) => ({
        person: {
          id: p.personId,
          name: p.personName,
          aliases: view.person(p.personId)?.aliases ?? [],
          asOf: incident.reportedAt,
        },
        channel: p.channel,
        required: p.required,
        toMessage: seconds(p.toMessageMs),
        toConfirmation: seconds(p.toConfirmationMs),
      })),
    };
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => IncidentReportModel, {
    description:
      'Records a written report (首报/续报/终报) and meets the open deadline of its kind; filing a 续报 opens the next one on the schedule; a 终报 is filed after close. Needs the role duty_officer.',
  })
  async fileReport(
    @Args('input', { type: () => FileReportInput }) input: FileReportInput,
    @Context() ctx: RequestContext,
  ): Promise<IncidentReportModel> {
    const { report, deadline } = await this.deadlines.file(input, actorOf(ctx).name);
    return toReportModel(report, deadline, this.clock.now());
  }

  @Roles(ApiRole.duty_officer)
  @Query(() => ReportDraftModel, {
    description:
      'A draft of the report in the official layout (时间、地点、事件类型与等级、伤亡与损失、已采取的措施、下一步工作、报告人), filled from the incident and its events, to edit and file.',
  })
  async draftReport(
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('kind', { type: () => ReportKind }) kind: ReportKind,
    @Context() ctx: RequestContext,
  ): Promise<ReportDraftModel> {
    const draft = await this.drafts.draft(incidentId, kind, actorOf(ctx).name);
    return {
      kind,
      title: draft.title,
      text: draft.text,
      deadline: draft.deadline ? toDeadlineModel(draft.deadline, this.clock.now()) : null,
    };
  }

  @Roles(ApiRole.reader)
  @Query(() => [ResponseStatsRowModel], {
    description:
      'After-action figures of the incidents reported in [from, to): counts, median and 90th percentile (nearest rank) of the seconds from the report to the first message, the first confirmation and the policy met. ' +
      'Exercises are left out unless includeExercises. CSV: GET /reports/response-stats.csv?from=…&to=…&groupBy=….',
  })
  async responseStats(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('groupBy', { type: () => StatsGroupByEnum }) groupBy: StatsGroupByEnum,
    @Args('includeExercises', { type: () => Boolean, defaultValue: false }) includeExercises: boolean,
  ): Promise<ResponseStatsRowModel[]> {
    const rows = await this.stats.stats(from, to, groupBy as StatsGroupBy, includeExercises);
    return rows.map((r) => ({ ...r, groupBy: r.groupBy as StatsGroupByEnum }));
  }
}
