import { keywordWords } from '../incidents/core/incident-type-vocabulary';
import { Inject, Injectable } from '@nestjs/common';
import { DomainException, NotFoundException } from '../common/domain.exception';
import { AppConfig } from '../config/app.config';
import { CommandRole, roleLabel } from './core/command-role';
import { CommandPostModel } from './models/command-post.model';
import { HeadquartersModel } from './models/headquarters.model';
import { IncidentTypeModel } from './models/incident-type.model';
import { OfficeModel } from './models/office.model';
import { PersonSeatModel } from './models/person-seat.model';
import { PersonModel } from './models/person.model';
import { SeatModel } from './models/seat.model';
import { RosterView } from './core/roster-view';
import { assertEstablished, type BodyRecord, type PersonRecord, type SeatAt } from './core/roster-records';
import { RosterViewService } from './roster-view.service';

/** Answers directory questions from the in-memory roster view, at any instant. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly views: RosterViewService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async headquarters(asOf: Date, knownAt?: Date | null): Promise<HeadquartersModel> {
    const view = await this.view(knownAt);
    const body = view.headquarters();
    if (!body)
      throw new DomainException('NOT_FOUND', 'no roster is loaded; import one with npm run roster:import -- <file>');
    assertEstablished(body, asOf);
    const pick = this.seatsOf(view, body, asOf);
    return {
      code: body.code,
      name: body.name,
      otherNames: body.otherNames,
      commanders: pick(CommandRole.COMMANDER),
      executiveDeputyCommanders: pick(CommandRole.EXECUTIVE_DEPUTY_COMMANDER),
      deputyCommanders: pick(CommandRole.DEPUTY_COMMANDER),
      members: pick(CommandRole.MEMBER),
      office: this.office(body, pick),
      duties: body.duties,
      documentRef: body.documentRef,
      establishedAt: body.establishedAt,
    };
  }

  async commandPosts(asOf: Date, knownAt?: Date | null): Promise<CommandPostModel[]> {
    const view = await this.view(knownAt);
    return view
      .posts()
      .filter((body) => body.establishedAt.getTime() <= asOf.getTime())
      .map((body) => this.post(view, body, asOf));
  }

  async commandPost(code: string, asOf: Date, knownAt?: Date | null): Promise<CommandPostModel> {
    const view = await this.view(knownAt);
    const body = view.body(code);
    if (!body || body.kind !== 'POST') {
      throw new NotFoundException(
        'command post',
        'code',
        code,
        `known codes: ${view
          .posts()
          .map((p) => p.code)
          .join(', ')}`,
      );
    }
    assertEstablished(body, asOf);
    return this.post(view, body, asOf);
  }

  async person(id: string, asOf: Date, knownAt?: Date | null): Promise<PersonModel> {
    const view = await this.view(knownAt);
    const person = view.person(id);
    if (!person) throw new NotFoundException('person', 'id', id);
    return this.personModel(person, asOf, view.knownAtInstant);
  }

  async people(search: string, asOf: Date, knownAt?: Date | null): Promise<PersonModel[]> {
    const view = await this.view(knownAt);
    return view.searchPeople(search).map((p) => this.personModel(p, asOf, view.knownAtInstant));
  }

  async seatsOfPerson(personId: string, asOf: Date, knownAt?: Date | null): Promise<PersonSeatModel[]> {
    const view = await this.view(knownAt);
    return view.seatsOfPersonAt(personId, asOf).map((s) => ({
      body: s.body.code,
      bodyName: s.body.name,
      role: s.role,
      roleName: roleLabel(s.role, s.body.kind === 'HEADQUARTERS'),
      title: s.title,
      acting: s.acting,
      since: s.since,
    }));
  }

  /** The current roster view, or as it was known at an instant. */
  /**
   * The roster now, or as known at `knownAt`. Asking as known before anything was recorded is
   * refused with the instant from which there is an answer (each install records its roster when
   * it first starts, so a knownAt years back knows nothing there).
   */
  view(knownAt?: Date | null): Promise<RosterView> {
    return this.views.asKnown(knownAt);
  }

  incidentTypes(): IncidentTypeModel[] {
    const categories = new Map(this.config.incidentTypes.categories.map((c) => [c.code, c.name]));
    return this.config.incidentTypes.types.map((t) => ({
      code: t.code,
      name: t.name,
      category: t.category,
      categoryName: categories.get(t.category) ?? t.category,
      postCode: t.post,
      keywords: keywordWords(t.keywords),
    }));
  }

  /** The seats of a body at `asOf`, by role. */
  private seatsOf(view: RosterView, body: BodyRecord, asOf: Date) {
    const seats = view.seatsAt(body, asOf);
    return (role: CommandRole) =>
      seats.filter((s) => s.role === role).map((s) => this.seat(s, asOf, view.knownAtInstant));
  }

  private post(view: RosterView, body: BodyRecord, asOf: Date): CommandPostModel {
    const rule = this.config.activationRules.posts[body.code];
    if (!rule) {
      throw new DomainException('NOT_FOUND', `config/activation-rules.yaml has no rule for command post ${body.code}`);
    }
    const pick = this.seatsOf(view, body, asOf);
    return {
      code: body.code,
      name: body.name,
      incidentTypes: this.config.incidentTypes.types.filter((t) => t.post === body.code).map((t) => t.code),
      commandThreshold: rule.threshold,
      commandThresholdSource: rule.source,
      commanders: pick(CommandRole.COMMANDER),
      deputyCommanders: pick(CommandRole.DEPUTY_COMMANDER),
      office: this.office(body, pick),
      duties: body.duties,
      membersText: body.membersText,
      documentRef: body.documentRef,
      establishedAt: body.establishedAt,
    };
  }

  private office(body: BodyRecord, pick: (role: CommandRole) => SeatModel[]): OfficeModel {
    return { hostUnit: body.officeHostUnit, duties: body.officeDuties, directors: pick(CommandRole.OFFICE_DIRECTOR) };
  }

  seat(seat: SeatAt, asOf: Date, knownAt: Date | null = null): SeatModel {
    return {
      id: seat.seatId,
      body: seat.body.code,
      role: seat.role,
      roleName: roleLabel(seat.role, seat.body.kind === 'HEADQUARTERS'),
      title: seat.title,
      ordinal: seat.ordinal,
      person: seat.person ? this.personModel(seat.person, asOf, knownAt) : null,
      vacant: seat.person === null,
      acting: seat.acting,
      since: seat.since,
    };
  }

  personModel(person: PersonRecord, asOf: Date, knownAt: Date | null = null): PersonModel {
    return { id: person.id, name: person.name, aliases: person.aliases, asOf, knownAt };
  }
}
