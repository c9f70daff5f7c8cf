import { Module } from '@nestjs/common';
import { NotificationDeliveryModule } from '../notifications/delivery/delivery.module';
import { HealthController } from './health.controller';

@Module({ imports: [NotificationDeliveryModule], controllers: [HealthController] })
export class HealthModule {}
