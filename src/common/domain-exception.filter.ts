import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainException } from './domain.exception';

/**
 * Domain errors are expected outcomes (bad input, unknown code), not faults: hand them to
 * GraphQL as they are, where formatGraphqlError maps them, instead of logging them as crashes.
 */
@Catch(DomainException)
export class DomainExceptionFilter implements GqlExceptionFilter {
  catch(exception: DomainException): DomainException {
    return exception;
  }
}
