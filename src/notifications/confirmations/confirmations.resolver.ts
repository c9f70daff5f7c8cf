import { IncidentStatus } from '../../incidents/models/incident-status.enum';
import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AppConfig } from '../../config/app.config';
import type { ResolvedRole } from '../../activation/core/resolve-activation';
import { Roles } from '../../auth/auth.decorators';
import { ApiRole } from '../../auth/api-role.enum';
import { loader, RequestContext } from '../../common/request-context.helper';
import type { CommandRole } from '../../roster/core/command-role';
import { PersonModel } from '../../roster/models/person.model';
import { RosterViewService } from '../../roster/roster-view.service';
import { actorOf } from '../../auth/principal.types';
import { IncidentModel } from '../../incidents/models/incident.model';
import { NotificationModel } from '../models/notification.model';
import { NotificationStatus } from '../models/notification-status.enum';
import { toNotificationModel } from '../notification.mapper';
import { ConfirmationsService } from './confirmations.service';
import type { IncidentConfirmations } from './incident-policy.helper';
import { ConfirmationModel, ConfirmationPolicyStateModel, ConfirmationState } from './models/confirmation.model';

export function toConfirmationModels(c: IncidentConfirmations): ConfirmationModel[] {
  return c.notices.map((n) => {
    const confirmed = n.status === NotificationStatus.ACKNOWLEDGED;
    return {
      notificationId: n.id,
      personId: n.personId,
      personName: n.personName,
      createdAt: n.createdAt,
      roles: (JSON.parse(n.roles) as ResolvedRole[]).map((r) => ({ ...r })),
      required: c.state.required.has(n.personId),
      state: confirmed ? ConfirmationState.CONFIRMED : ConfirmationState.WAITING,
      notificationStatus: n.status,
      channel: n.channel,
      confirmedAt: confirmed ? n.acknowledgedAt : null,
      via: confirmed ? n.acknowledgedVia : null,
      recordedBy: confirmed ? n.acknowledgedBy : null,
      note: confirmed ? n.acknowledgementNote : null,
      recordedAt: confirmed ? (n.acknowledgementRecordedAt ?? n.acknowledgedAt) : null,
    };
  });
}

export function toPolicyStateModel(c: IncidentConfirmations, maxLevels: number): ConfirmationPolicyStateModel {
  const e = c.escalation;
  // A closed incident escalates no more: its waiting clock is over, even before its job comes due and says so.
  const over = c.incident.status !== IncidentStatus.OPEN && e?.status === 'WAITING';
  return {
    escalation: e
      ? {
          status: over ? 'CLOSED' : e.status,
          level: e.level,
          maxLevels,
          dueAt: e.status === 'WAITING' && !over ? e.dueAt : null,
        }
      : null,
    source: c.policy.source,
    description: c.description,
    met: c.state.met,
    metAt: c.metAt,
    requirements: c.state.requirements.map((r) => ({
      body: r.requirement.body,
      role: r.requirement.role as CommandRole,
      need: String(r.requirement.need),
      needed: r.needed,
      holders: r.holders.length,
      confirmed: r.confirmed.length,
      met: r.met,
    })),
  };
}

/** Incident.confirmations, Incident.confirmationPolicy and resendToUnconfirmed. */
@Resolver(() => IncidentModel)
export class ConfirmationsResolver {
  constructor(
    private readonly service: ConfirmationsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private load(ctx: RequestContext, incidentId: string): Promise<IncidentConfirmations | null> {
    return loader(
      ctx,
      'confirmationsByIncident',
      () => new DataLoader((ids: readonly string[]) => this.service.byIncidentIds(ids)),
    ).load(incidentId);
  }

  @ResolveField(() => [ConfirmationModel], {
    description:
      'One row per person told about the incident: roles, required by the confirmation policy or informed, confirmed or waiting, channel, time, how and who recorded it.',
  })
  async confirmations(@Parent() incident: IncidentModel, @Context() ctx: RequestContext): Promise<ConfirmationModel[]> {
    const c = await this.load(ctx, incident.id);
    return c ? toConfirmationModels(c) : [];
  }

  @ResolveField(() => ConfirmationPolicyStateModel, {
    description:
      'Who must confirm this incident (per post and grade), and whether they have; escalation goes on until it is met.',
  })
  async confirmationPolicy(
    @Parent() incident: IncidentModel,
    @Context() ctx: RequestContext,
  ): Promise<ConfirmationPolicyStateModel | null> {
    const c = await this.load(ctx, incident.id);
    return c ? toPolicyStateModel(c, this.config.notifications.escalation.maxLevels) : null;
  }

  @Roles(ApiRole.duty_officer)
  @Mutation(() => [NotificationModel], {
    description:
      "Sends the incident's message again to everyone told about it who has not confirmed (on their next contact method); the confirmed get nothing. " +
      'Returns the notifications sent again (empty when everyone has confirmed). Needs the role duty_officer.',
  })
  async resendToUnconfirmed(
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Context() ctx: RequestContext,
  ): Promise<NotificationModel[]> {
    return (await this.service.resendToUnconfirmed(incidentId, actorOf(ctx).name)).map(toNotificationModel);
  }
}

@Resolver(() => ConfirmationModel)
export class ConfirmationPersonResolver {
  constructor(private readonly views: RosterViewService) {}

  @ResolveField(() => PersonModel)
  async person(@Parent() c: ConfirmationModel): Promise<PersonModel> {
    const view = await this.views.current();
    return { id: c.personId, name: c.personName, aliases: view.person(c.personId)?.aliases ?? [], asOf: c.createdAt };
  }
}
