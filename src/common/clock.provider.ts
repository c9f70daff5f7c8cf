/**
 * The service's notion of "now", injected so that tests can move time (reporting deadlines,
 * after-action figures) without waiting. Production uses SystemClock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move (tests). */
export class ManualClock extends Clock {
  private at: number;

  constructor(start: Date = new Date()) {
    super();
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(to: Date): void {
    this.at = to.getTime();
  }

  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}
