import { registerEnumType } from '@nestjs/graphql';
import { CommandRole } from '../core/command-role';

/** Registers the pure CommandRole enum with GraphQL; models import CommandRole from here. */
registerEnumType(CommandRole, {
  name: 'CommandRole',
  description:
    'The kind of seat a person holds on a command body; LEADER_ON_DUTY (带班领导 on the duty roster) only as a recipient role.',
});

export { CommandRole };
