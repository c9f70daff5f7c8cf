import { registerEnumType } from '@nestjs/graphql';
import { CommandRole } from '../core/command-role';

/** Registers the pure CommandRole enum with GraphQL; models import CommandRole from here. */
registerEnumType(CommandRole, {
  name: 'CommandRole',
  description: 'The kind of seat a person holds on a command body.',
});

export { CommandRole };
