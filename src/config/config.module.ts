import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app.config';
import { Clock, SystemClock } from '../common/clock.provider';

/** Makes the validated AppConfig and the Clock (tests replace it) injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
