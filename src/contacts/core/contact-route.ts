/**
 * Which of a person's contact methods a send uses. Pure: no Nest, no I/O.
 *
 * A person's active contact methods are tried in priority order (1 first; ties by creation, then
 * id). The first message uses the first; a permanent failure moves to the next (none left: the
 * notification fails); a reminder moves on too but wraps round, so a person with one method is
 * reminded on it again. A person without any uses the fallback channel.
 */

export interface ContactLike {
  id: string;
  priority: number;
  active: boolean;
  createdAt: Date;
}

export function orderedContacts<T extends ContactLike>(methods: readonly T[]): T[] {
  return methods
    .filter((m) => m.active)
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** A choice: the method (null = the fallback channel) and its position in the order. */
export interface ContactChoice<T> {
  method: T | null;
  step: number;
}

export function firstContact<T extends ContactLike>(ordered: readonly T[]): ContactChoice<T> {
  return { method: ordered[0] ?? null, step: 0 };
}

/**
 * The method after the current one, or null when there is none. If the current method was removed
 * or deactivated meanwhile, the one now standing at its position is next.
 */
export function nextContact<T extends ContactLike>(
  ordered: readonly T[],
  currentId: string | null,
  currentStep: number,
): ContactChoice<T> | null {
  if (currentId === null) return null;
  const index = ordered.findIndex((m) => m.id === currentId);
  const next = index >= 0 ? index + 1 : currentStep;
  return next < ordered.length ? { method: ordered[next], step: next } : null;
}

/** Like nextContact, but after the last method comes the first again (reminders). */
export function nextContactCyclic<T extends ContactLike>(
  ordered: readonly T[],
  currentId: string | null,
  currentStep: number,
): ContactChoice<T> {
  if (ordered.length === 0) return { method: null, step: 0 };
  if (currentId === null) return { method: ordered[0], step: 0 };
  return nextContact(ordered, currentId, currentStep) ?? { method: ordered[0], step: 0 };
}
