import { firstContact, nextContact, nextContactCyclic, orderedContacts } from './contact-route';

const at = (ms: number) => new Date(Date.UTC(2024, 0, 1) + ms);
const method = (id: string, priority: number, created = 0, active = true) => ({
  id,
  priority,
  active,
  createdAt: at(created),
});

describe('contact methods in priority order', () => {
  const methods = [method('c', 2), method('a', 1, 5), method('off', 1, 0, false), method('b', 1, 9), method('d', 3)];

  it('orders the active ones by priority, then creation, then id', () => {
    expect(orderedContacts(methods).map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(orderedContacts([method('y', 1, 0), method('x', 1, 0)]).map((m) => m.id)).toEqual(['x', 'y']);
  });

  it('starts with the first; none means the fallback channel', () => {
    expect(firstContact(orderedContacts(methods))).toEqual({ method: expect.objectContaining({ id: 'a' }), step: 0 });
    expect(firstContact([])).toEqual({ method: null, step: 0 });
  });

  it('moves to the next after a permanent failure, and has none after the last', () => {
    const ordered = orderedContacts(methods);
    expect(nextContact(ordered, 'a', 0)).toEqual({ method: expect.objectContaining({ id: 'b' }), step: 1 });
    expect(nextContact(ordered, 'c', 2)?.method?.id).toBe('d');
    expect(nextContact(ordered, 'd', 3)).toBeNull();
    expect(nextContact(ordered, null, 0)).toBeNull();
  });

  it('takes the method now standing at the position of one removed meanwhile', () => {
    const ordered = orderedContacts(methods.filter((m) => m.id !== 'b'));
    expect(nextContact(ordered, 'b', 1)).toEqual({ method: expect.objectContaining({ id: 'c' }), step: 1 });
    expect(nextContact(ordered, 'gone', 7)).toBeNull();
  });

  it('wraps round for reminders, so one method is used again', () => {
    const ordered = orderedContacts(methods);
    expect(nextContactCyclic(ordered, 'd', 3)).toEqual({ method: expect.objectContaining({ id: 'a' }), step: 0 });
    expect(nextContactCyclic(ordered, 'a', 0).method?.id).toBe('b');
    expect(nextContactCyclic([method('only', 1)], 'only', 0).method?.id).toBe('only');
    expect(nextContactCyclic(ordered, null, 0).method?.id).toBe('a');
    expect(nextContactCyclic([], null, 0)).toEqual({ method: null, step: 0 });
  });
});
