import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { AuditService } from './audit.service';
import { AuditLogEntryModel, AuditLogFilterInput, AuditLogPageModel } from './models/audit-log.model';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditLogPageModel, { description: 'The audit log of mutations, newest first (admin only).' })
  @Roles(ApiRole.admin)
  async auditLog(
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter: AuditLogFilterInput | null,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset: number,
  ): Promise<AuditLogPageModel> {
    const { total, entries } = await this.audit.find({ ...(filter ?? {}), limit, offset });
    return {
      total,
      entries: entries.map((e): AuditLogEntryModel => ({
        id: e.id,
        at: e.at,
        keyId: e.keyId,
        keyName: e.keyName,
        roles: JSON.parse(e.roles) as string[],
        operation: e.operation,
        arguments: e.arguments,
        result: e.result,
        errorMessage: e.errorMessage,
      })),
    };
  }
}
