import { ERROR_MESSAGES, type ErrorCode } from '../../typings/api'

/** A business error with a stable code; the message defaults to the Chinese text of ERROR_MESSAGES. */
export class DomainError extends Error {
  constructor(
    public code: ErrorCode,
    message?: string,
    public details?: unknown
  ) {
    super(message ?? ERROR_MESSAGES[code])
    this.name = 'DomainError'
  }
}
