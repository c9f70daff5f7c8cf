import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { DeliveryErrorModel } from './models/delivery-error.model';

/** DeliveryError.detail: what the channel reported, scrubbed, for admins only (others get FORBIDDEN). */
@Resolver(() => DeliveryErrorModel)
export class DeliveryErrorResolver {
  @ResolveField(() => String, {
    nullable: true,
    description:
      'What the channel reported (SMTP reply, provider code, retries), scrubbed of contact values, URLs, hosts and echoes. Admin keys only; others get FORBIDDEN.',
  })
  @Roles(ApiRole.admin)
  detail(@Parent() error: DeliveryErrorModel): string | null {
    return error.detailText ?? null;
  }
}
