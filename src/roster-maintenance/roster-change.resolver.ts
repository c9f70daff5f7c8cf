import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actorOf, Principal } from '../auth/principal.types';
import { ApiRole } from '../auth/api-role.enum';
import { NotFoundException } from '../common/domain.exception';
import { DirectoryService } from '../roster/directory.service';
import { PersonModel } from '../roster/models/person.model';
import { PositionModel } from '../roster/models/position.model';
import {
  AddSeatInput,
  AppointActingInput,
  AppointInput,
  ReassignSeatInput,
  RemoveSeatInput,
  RenamePersonInput,
  ReorderSeatsInput,
  VacatePositionInput,
} from './inputs/roster-change.input';
import { RosterChangeModel } from '../roster/models/roster-change.model';
import { SeatModel } from '../roster/models/seat.model';
import type { ChangeOutcome } from './roster-change.types';
import { PersonChangeService } from './person-change.service';
import { SeatChangeService } from './seat-change.service';
import { TenureChangeService } from './tenure-change.service';
import { RosterHistoryService } from '../roster/roster-history.service';

/** Personnel and seat changes (roster_editor). */
@Resolver()
export class RosterChangeResolver {
  constructor(
    private readonly tenures: TenureChangeService,
    private readonly seats: SeatChangeService,
    private readonly persons: PersonChangeService,
    private readonly history: RosterHistoryService,
    private readonly directory: DirectoryService,
  ) {}

  // ---- personnel changes -----------------------------------------------------------------

  @Mutation(() => PositionModel, {
    description:
      'A person takes a position from effectiveFrom (default now). Every seat listed under a single-holder title follows; for a multi-holder title (副市长) `replacing` names who leaves and only their seats move. An unknown person is created. Answers the position as of effectiveFrom.',
  })
  @Roles(ApiRole.roster_editor)
  async appoint(
    @Args('input') input: AppointInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<PositionModel> {
    return this.positionAfter(await this.tenures.appoint(input, actorOf(principal)));
  }

  @Mutation(() => PositionModel, {
    description: '代理 / 主持工作: an acting holder for a period; their seats are shown as acting.',
  })
  @Roles(ApiRole.roster_editor)
  async appointActing(
    @Args('input') input: AppointActingInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<PositionModel> {
    return this.positionAfter(await this.tenures.appointActing(input, actorOf(principal)));
  }

  @Mutation(() => PositionModel, {
    description: 'The holder leaves; their seats become vacant (activations show them as such).',
  })
  @Roles(ApiRole.roster_editor)
  async vacatePosition(
    @Args('input') input: VacatePositionInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<PositionModel> {
    return this.positionAfter(await this.tenures.vacatePosition(input, actorOf(principal)));
  }

  @Mutation(() => PersonModel, { description: 'Corrects a name; the old one stays as an alias.' })
  @Roles(ApiRole.roster_editor)
  async renamePerson(
    @Args('input') input: RenamePersonInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<PersonModel> {
    const outcome = await this.persons.renamePerson(input, actorOf(principal));
    return this.directory.person(outcome.personId!, new Date());
  }

  // ---- seat changes ----------------------------------------------------------------------

  @Mutation(() => SeatModel, { description: 'Adds a seat to a body; answers the seat as of effectiveFrom.' })
  @Roles(ApiRole.roster_editor)
  async addSeat(
    @Args('input') input: AddSeatInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<SeatModel> {
    return this.seatAfter(await this.seats.addSeat(input, actorOf(principal)));
  }

  @Mutation(() => RosterChangeModel, { description: 'Removes a seat from effectiveFrom; answers the recorded change.' })
  @Roles(ApiRole.roster_editor)
  async removeSeat(
    @Args('input') input: RemoveSeatInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<RosterChangeModel> {
    return this.changeAfter(await this.seats.removeSeat(input, actorOf(principal)));
  }

  @Mutation(() => SeatModel, {
    description:
      'A seat changes hands or moves under another title (a portfolio change); answers the seat as of effectiveFrom.',
  })
  @Roles(ApiRole.roster_editor)
  async reassignSeat(
    @Args('input') input: ReassignSeatInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<SeatModel> {
    return this.seatAfter(await this.seats.reassignSeat(input, actorOf(principal)));
  }

  @Mutation(() => [SeatModel], {
    description:
      'A new order for the seats of one role on a body; answers the seats as of effectiveFrom (every seat keeps its id; earlier instants keep the earlier order).',
  })
  @Roles(ApiRole.roster_editor)
  async reorderSeats(
    @Args('input') input: ReorderSeatsInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<SeatModel[]> {
    const outcome = await this.seats.reorderSeats(input, actorOf(principal));
    const view = await this.directory.view();
    return outcome.seatIds!.map((id) => this.directory.seat(view.seatById(id, outcome.at)!, outcome.at));
  }

  // ---- answers ---------------------------------------------------------------------------

  private positionAfter(outcome: ChangeOutcome): Promise<PositionModel> {
    return this.history.positionById(outcome.positionId!, outcome.at);
  }

  private async seatAfter(outcome: ChangeOutcome): Promise<SeatModel> {
    const view = await this.directory.view();
    const seat = view.seatById(outcome.seatId!, outcome.at);
    if (!seat) throw new NotFoundException('seat', 'seatId', outcome.seatId);
    return this.directory.seat(seat, outcome.at);
  }

  private async changeAfter(outcome: ChangeOutcome): Promise<RosterChangeModel> {
    return this.history.change(outcome.changeIds[0]);
  }
}
