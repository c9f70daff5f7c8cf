import type { AppConfig } from '../../config/app.config';
import type { NotificationQueuesService } from '../queue/notification-queues.service';
import { LiveEvent, LiveEventsService } from './live-events.service';

describe('LiveEventsService.publish', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  function service() {
    const sent: Array<{ channel: string; events: LiveEvent[] }> = [];
    const redis = {
      publish: jest.fn(async (channel: string, text: string) => {
        sent.push({ channel, events: (JSON.parse(text) as { events: LiveEvent[] }).events });
        return 0;
      }),
    };
    const queues = { connected: true, redis } as unknown as NotificationQueuesService;
    const live = new LiveEventsService({ env: { QUEUE_PREFIX: 'p' } } as unknown as AppConfig, queues);
    return { live, sent };
  }

  it('tells local listeners at once and other processes once per turn, each incident named once', async () => {
    const { live, sent } = service();
    const heard: LiveEvent[] = [];
    live['local'].on('event', (e: LiveEvent) => heard.push(e));
    live.publish([{ type: 'incident', id: 'i1' }]);
    live.publish([{ type: 'incident', id: 'i1' }]);
    live.publish([
      { type: 'notification', id: 'n1', incidentId: 'i1' },
      { type: 'notification', id: 'n2', incidentId: 'i2' },
    ]);
    expect(heard.map((e) => e.id)).toEqual(['i1', 'i1', 'n1', 'n2', 'i1', 'i2']);
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([
      {
        channel: 'p:live',
        events: [
          { type: 'incident', id: 'i1' },
          { type: 'notification', id: 'n1', incidentId: 'i1' },
          { type: 'notification', id: 'n2', incidentId: 'i2' },
          { type: 'incident', id: 'i2' },
        ],
      },
    ]);
    live.publish([{ type: 'incident', id: 'i1' }]);
    await turn();
    expect(sent.map((s) => s.events.length)).toEqual([4, 1]);
  });
});
