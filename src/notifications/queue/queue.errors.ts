/** Thrown by the producer side while Redis is down; callers leave their rows PENDING. */
export class QueueUnavailableError extends Error {
  constructor() {
    super('Redis is not reachable; the notifications stay PENDING until it is');
    this.name = 'QueueUnavailableError';
  }
}
