import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { loader, RequestContext } from '../common/request-context.helper';
import { Severity } from '../common/models/severity.enum';
import { BadInputException } from '../common/domain.exception';
import { actorOf } from '../auth/principal.types';
import { toIncidentEventModel, toIncidentModel } from './incident.mapper';
import { IncidentIntakeService } from './incident-intake.service';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentQueriesService, MAX_PAGE_SIZE } from './incident-queries.service';
import { IncidentFilter } from './inputs/incident-filter.input';
import { ReportIncidentInput } from './inputs/report-incident.input';
import { UpdateIncidentInput } from './inputs/update-incident.input';
import { IncidentConnectionModel } from './models/incident-connection.model';
import { IncidentEventModel } from './models/incident-event.model';
import { IncidentModel } from './models/incident.model';
import type { IncidentEntity } from './entities/incident.entity';

const idArg = { name: 'id', type: () => ID } as const;
const reasonArg = {
  name: 'reason',
  type: () => String,
  description: 'Why, at most 1000 characters; kept on the incident event.',
} as const;

@Resolver(() => IncidentModel)
export class IncidentsResolver {
  constructor(
    private readonly queries: IncidentQueriesService,
    private readonly intake: IncidentIntakeService,
    private readonly lifecycle: IncidentLifecycleService,
  ) {}

  @Roles(ApiRole.reader)
  @Query(() => IncidentModel, { nullable: true, description: 'The incident with this id; null if there is none.' })
  async incident(@Args(idArg) id: string): Promise<IncidentModel | null> {
    const row = await this.queries.get(id);
    return row ? this.model(row) : null;
  }

  @Roles(ApiRole.reader)
  @Query(() => IncidentConnectionModel, {
    description: 'Incidents matching the filter, most recently reported first, a page at a time.',
  })
  async incidents(
    @Args('filter', { type: () => IncidentFilter, nullable: true }) filter: IncidentFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: `Page size, 1-${MAX_PAGE_SIZE}.` }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page.' })
    after: string | null,
  ): Promise<IncidentConnectionModel> {
    const page = await this.queries.list(filter ?? {}, first, after ?? null);
    return {
      nodes: page.nodes.map((row) => this.model(row)),
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => IncidentModel, {
    description:
      'Records an incident, its activation as resolved now (frozen) and one PENDING notification per recipient, in one transaction. ' +
      'The same idempotencyKey with the same content returns the first incident; with another content it is refused (CONFLICT).',
  })
  async reportIncident(
    @Args('input', { type: () => ReportIncidentInput }) input: ReportIncidentInput,
    @Context() ctx: RequestContext,
    @Args('exercise', {
      type: () => Boolean,
      nullable: true,
      description: 'A drill (演练); the same as input.exercise.',
    })
    exercise?: boolean | null,
  ): Promise<IncidentModel> {
    if (
      exercise !== undefined &&
      exercise !== null &&
      input.exercise !== undefined &&
      input.exercise !== null &&
      exercise !== input.exercise
    ) {
      throw new BadInputException(
        'exercise',
        exercise,
        `contradicts input.exercise (${String(input.exercise)}); give it once`,
      );
    }
    return this.model(
      await this.intake.report({ ...input, exercise: exercise ?? input.exercise ?? false }, actorOf(ctx).name),
    );
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => IncidentModel, {
    description: 'Corrects the facts of an open incident; each change is kept as an UPDATED event.',
  })
  async updateIncident(
    @Args(idArg) id: string,
    @Args('input', { type: () => UpdateIncidentInput }) input: UpdateIncidentInput,
    @Context() ctx: RequestContext,
  ): Promise<IncidentModel> {
    return this.model(await this.lifecycle.update(id, { ...input }, actorOf(ctx).name));
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => IncidentModel, {
    description:
      'Changes the grade of an open incident: re-resolves the activation now and notifies only the persons not yet notified for this incident.',
  })
  async regradeIncident(
    @Args(idArg) id: string,
    @Args('severity', { type: () => Severity }) severity: Severity,
    @Args(reasonArg) reason: string,
    @Context() ctx: RequestContext,
  ): Promise<IncidentModel> {
    return this.model(await this.lifecycle.regrade(id, severity, reason, actorOf(ctx).name));
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => IncidentModel, { description: 'Closes an open incident.' })
  async closeIncident(
    @Args(idArg) id: string,
    @Args(reasonArg) reason: string,
    @Context() ctx: RequestContext,
  ): Promise<IncidentModel> {
    return this.model(await this.lifecycle.close(id, reason, actorOf(ctx).name));
  }

  @ResolveField(() => [IncidentEventModel], { description: 'Every change, oldest first.' })
  async events(@Parent() incident: IncidentModel, @Context() ctx: RequestContext): Promise<IncidentEventModel[]> {
    const byIncident = loader(
      ctx,
      'incidentEventsByIncident',
      () => new DataLoader((ids: readonly string[]) => this.queries.eventsByIncidentIds(ids)),
    );
    return (await byIncident.load(incident.id)).map(toIncidentEventModel);
  }

  private model(row: IncidentEntity): IncidentModel {
    return toIncidentModel(row, this.queries.typeName(row.incidentType));
  }
}
