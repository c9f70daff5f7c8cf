import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { DirectoryService } from './directory.service';
import { CommandPostModel } from './models/command-post.model';
import { HeadquartersModel } from './models/headquarters.model';
import { IncidentTypeModel } from './models/incident-type.model';
import { PersonSeatModel } from './models/person-seat.model';
import { PersonModel } from './models/person.model';

export const asOfArg = {
  name: 'asOf',
  type: () => Date,
  nullable: true,
  description: 'The instant to answer for; now when omitted.',
} as const;

export const knownAtArg = {
  name: 'knownAt',
  type: () => Date,
  nullable: true,
  description:
    'Answer as the roster was known at this instant ("as we knew it then"): changes recorded later are ignored. Everything recorded when omitted.',
} as const;

@Resolver()
@Roles(ApiRole.reader)
export class DirectoryResolver {
  constructor(private readonly directory: DirectoryService) {}

  @Query(() => HeadquartersModel)
  headquarters(@Args(asOfArg) asOf?: Date | null, @Args(knownAtArg) knownAt?: Date | null): Promise<HeadquartersModel> {
    return this.directory.headquarters(asOf ?? new Date(), knownAt);
  }

  @Query(() => [CommandPostModel])
  commandPosts(
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<CommandPostModel[]> {
    return this.directory.commandPosts(asOf ?? new Date(), knownAt);
  }

  @Query(() => CommandPostModel, { nullable: true })
  commandPost(
    @Args('code', { type: () => ID }) code: string,
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<CommandPostModel> {
    return this.directory.commandPost(code, asOf ?? new Date(), knownAt);
  }

  @Query(() => PersonModel, { nullable: true })
  person(
    @Args('id', { type: () => ID }) id: string,
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PersonModel> {
    return this.directory.person(id, asOf ?? new Date(), knownAt);
  }

  @Query(() => [PersonModel], {
    description: 'Persons whose name or alias contains the text; all persons for an empty text.',
  })
  people(
    @Args('search', { type: () => String, defaultValue: '' }) search: string,
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PersonModel[]> {
    return this.directory.people(search, asOf ?? new Date(), knownAt);
  }

  @Query(() => [IncidentTypeModel])
  incidentTypes(): IncidentTypeModel[] {
    return this.directory.incidentTypes();
  }
}

@Resolver(() => PersonModel)
export class PersonResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => [PersonSeatModel], { description: 'Every seat the person fills, across all bodies.' })
  seats(
    @Parent() person: PersonModel,
    @Args(asOfArg) asOf?: Date | null,
    @Args(knownAtArg) knownAt?: Date | null,
  ): Promise<PersonSeatModel[]> {
    return this.directory.seatsOfPerson(person.id, asOf ?? person.asOf ?? new Date(), knownAt ?? person.knownAt);
  }
}
