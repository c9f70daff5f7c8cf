import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { IncidentChangeHandler, INCIDENT_CHANGE_HANDLERS } from './events/incident-change.event';
import { IncidentsResolver } from './incidents.resolver';
import { IncidentsService } from './incidents.service';
import { IntakeAssistResolver } from './intake-assist.resolver';
import { IntakeAssistService } from './intake-assist.service';

export interface IncidentsModuleOptions {
  /** The modules that export the handlers. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Told of every incident change, in this order (notifications: the outbox, then the relay). */
  handlers: Array<Type<IncidentChangeHandler>>;
}

/**
 * Incident intake and lifecycle, and the intake assistants (assessSeverity, suggestIncidentTypes).
 * It publishes each change to the handlers it is given and imports none of their modules.
 */
@Module({})
export class IncidentsModule {
  static forRoot(options: IncidentsModuleOptions): DynamicModule {
    return {
      module: IncidentsModule,
      imports: [ActivationModule, ...options.imports],
      providers: [
        IncidentsService,
        IncidentsResolver,
        IntakeAssistService,
        IntakeAssistResolver,
        {
          provide: INCIDENT_CHANGE_HANDLERS,
          useFactory: (...handlers: IncidentChangeHandler[]) => handlers,
          inject: options.handlers,
        },
      ],
      exports: [IncidentsService],
    };
  }
}
