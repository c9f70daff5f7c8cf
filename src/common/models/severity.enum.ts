import { registerEnumType } from '@nestjs/graphql';
import { Severity } from '../core/severity';

/** Registers the pure Severity enum with GraphQL; models and inputs import Severity from here. */
registerEnumType(Severity, {
  name: 'Severity',
  description: 'Incident grade of the national classification of emergencies:\nI 特别重大, II 重大, III 较大, IV 一般.',
});

export { Severity };
