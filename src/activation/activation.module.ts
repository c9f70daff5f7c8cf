import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { DutyModule } from '../duty/duty.module';
import { ActivationResolver } from './activation.resolver';
import { ActivationService } from './activation.service';

/** Who commands and who is told: the pure resolver served over GraphQL (whoCommands, Activation.post). */
@Module({
  imports: [RosterModule, DutyModule],
  providers: [ActivationService, ActivationResolver],
  exports: [ActivationService],
})
export class ActivationModule {}
