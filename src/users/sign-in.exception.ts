import { DomainException } from '../common/domain.exception';

export type SignInFailure = 'INVALID_CREDENTIALS' | 'LOCKED' | 'DISABLED';

export class SignInException extends DomainException {
  constructor(
    readonly reason: SignInFailure,
    message: string,
    readonly lockedUntil: Date | null = null,
  ) {
    super('UNAUTHENTICATED', message, { reason });
  }
}
