import { SetMetadata } from '@nestjs/common';

export const AUDITED_KEY = 'audit:operation';

/**
 * Marks a non-GraphQL HTTP route that changes something (GET /ack/:token) so the audit
 * interceptor records it like a mutation, under this operation name, with its route parameters
 * and query (masked). GraphQL mutations are audited without it.
 */
export const Audited = (operation: string): MethodDecorator => SetMetadata(AUDITED_KEY, operation);
