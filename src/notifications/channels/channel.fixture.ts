import type { OutgoingMessage } from './channel.types';

/**
 * Test fixture (not built into dist/): a message as the delivery job hands it to a channel, to a
 * webhook contact of 张利锋; `overrides` replace any field.
 */
export function outgoingMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    notificationId: 'n1',
    incidentId: 'i1',
    sendSeq: 0,
    dedupKey: 'n1.0',
    kind: 'INITIAL',
    level: 0,
    person: { id: 'p1', name: '张利锋' },
    contact: { id: 'c1', kind: 'WEBHOOK', value: '' },
    subject: '【III级(较大)煤矿生产安全事故】测试',
    text: '正文',
    ackUrl: 'http://localhost:3000/ack/t',
    ...overrides,
  };
}
