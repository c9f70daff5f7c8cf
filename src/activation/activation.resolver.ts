import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { Severity } from '../common/models/severity.enum';
import { DirectoryService } from '../roster/directory.service';
import { CommandPostModel } from '../roster/models/command-post.model';
import { toActivationModel } from './activation.mapper';
import { ActivationService } from './activation.service';
import { ActivationModel } from './models/activation.model';

@Resolver(() => ActivationModel)
export class ActivationResolver {
  constructor(
    private readonly activations: ActivationService,
    private readonly directory: DirectoryService,
  ) {}

  @Roles(ApiRole.reader)
  @Query(() => ActivationModel, {
    description: 'Dry run: who would be activated and notified for this incident type and grade.',
  })
  async whoCommands(
    @Args('incidentType', {
      type: () => String,
      description: 'An incident type code (see incidentTypes), e.g. COAL_MINE_SAFETY.',
    })
    incidentType: string,
    @Args('severity', { type: () => Severity }) severity: Severity,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'The instant to resolve the roster at; now when omitted.',
    })
    asOf?: Date | null,
    @Args('knownAt', {
      type: () => Date,
      nullable: true,
      description:
        'Resolve on the roster as it was recorded at this instant ("as we knew it then"); as known now when omitted.',
    })
    knownAt?: Date | null,
  ): Promise<ActivationModel> {
    return toActivationModel(
      await this.activations.resolve(
        incidentType.trim(),
        severity,
        asOf ?? new Date(),
        'incidentType',
        knownAt ?? null,
      ),
      knownAt ?? null,
    );
  }

  @ResolveField(() => CommandPostModel, {
    nullable: true,
    description: 'The post responsible for the incident type, also when it is not activated (as it stood at asOf).',
  })
  post(@Parent() activation: ActivationModel): Promise<CommandPostModel> {
    return this.directory.commandPost(activation.postCode, activation.asOf, activation.knownAt ?? null);
  }
}
