import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { asOfArg, knownAtArg } from './directory.resolver';
import { PersonHistoryModel, PositionHistoryModel } from './models/history.model';
import { PositionModel } from './models/position.model';
import { RosterChangeKindValue, RosterChangeModel, TimeAxis } from './models/roster-change.model';
import { RosterHistoryService } from './roster-history.service';
import { RosterViewService } from './roster-view.service';

/** The history of the roster (reader): positions, persons and the recorded changes. */
@Resolver()
export class RosterHistoryResolver {
  constructor(
    private readonly history: RosterHistoryService,
    private readonly views: RosterViewService,
  ) {}

  @Query(() => Int, {
    description:
      'The roster revision: it rises with every recorded roster change. Pass it as expectedRevision to a change decided on what you read, to be refused (CONFLICT) rather than override a change made meanwhile.',
  })
  @Roles(ApiRole.reader)
  rosterRevision(): Promise<number> {
    return this.views.revision();
  }

  @Query(() => PositionModel, { description: 'A position (by title or alias) and who holds it.' })
  @Roles(ApiRole.reader)
  position(
    @Args('title') title: string,
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PositionModel> {
    return this.history.position(title, asOf ?? new Date(), knownAt);
  }

  @Query(() => PositionHistoryModel, { description: 'Everyone who held a position, with the recorded changes.' })
  @Roles(ApiRole.reader)
  positionHistory(
    @Args('title') title: string,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PositionHistoryModel> {
    return this.history.positionHistory(title, knownAt);
  }

  @Query(() => PersonHistoryModel, { description: 'Every position and seat a person held, with the recorded changes.' })
  @Roles(ApiRole.reader)
  personHistory(
    @Args('id', { type: () => ID }) id: string,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PersonHistoryModel> {
    return this.history.personHistory(id, knownAt);
  }

  @Query(() => [RosterChangeModel], {
    description:
      'Every roster change in [from, to) on the chosen time axis (recorded time by default), with who made it and the document.',
  })
  @Roles(ApiRole.reader)
  rosterChanges(
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
    @Args('axis', { type: () => TimeAxis, defaultValue: TimeAxis.RECORDED }) axis: TimeAxis,
    @Args('kind', { type: () => RosterChangeKindValue, nullable: true }) kind: RosterChangeKindValue | null,
    @Args(knownAtArg) knownAt: Date | null,
    @Args('limit', { type: () => Int, defaultValue: 200 }) limit: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<RosterChangeModel[]> {
    return this.history.rosterChanges({ from, to, axis, kind, knownAt, limit, offset });
  }
}
