import { Injectable } from '@nestjs/common';
import { LiveEvents } from '../live/live-events.service';
import { OutboxRelay } from './outbox-relay.service';

/**
 * The one call intake makes into delivery: after a transaction that wrote an incident (and its
 * PENDING notifications) has committed. Hands the notifications to the queue now (the relay's timer
 * would within relay.intervalMs anyway) and tells subscribers. Never waits for Redis, never throws.
 */
@Injectable()
export class DeliveryTrigger {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly live: LiveEvents,
  ) {}

  incidentCommitted(incidentId: string): void {
    try {
      this.relay.kick();
      this.live.publish([{ type: 'incident', id: incidentId }]);
    } catch {
      // Delivery must never fail intake; the relay's timer picks the rows up.
    }
  }
}
