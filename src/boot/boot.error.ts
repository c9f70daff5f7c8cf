/**
 * A start-up problem an operator can fix: printed as one line naming the variable or path, without a
 * stack, and the process exits 1.
 */
export class BootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}
