/** A retryable failure that BullMQ should retry (thrown out of the job). */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
