import { UserError } from '@sluice/core';

/**
 * What one HTTP request may make the server do. A batch carries many calls in one request (and
 * one count of the rate limit), so heavy calls share these budgets.
 */
export interface RequestLimits {
  /** Calls that read sample records from the apps (previews, field catalogs). */
  appReads: number;
  /** Characters of preview answers, in all. */
  answerChars: number;
}

/** The limits of a request over HTTP (docs/security.md, "Work one request can do"). */
export const REQUEST_LIMITS: RequestLimits = { appReads: 6, answerChars: 8 * 1024 * 1024 };

const megabytes = (chars: number) => `${(chars / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The work one request has done so far, shared by the calls of its batch. Callers with no HTTP
 * (`createCaller` in tests and scripts) get one without limits.
 */
export class RequestWork {
  private appReads = 0;
  private answerChars = 0;

  constructor(readonly limits: RequestLimits = REQUEST_LIMITS) {}

  /** Counts a call that reads records from the apps; refused once the request has made its share. */
  readFromApps(what: string): void {
    if (++this.appReads > this.limits.appReads) {
      throw new UserError(
        'E_REQUEST_TOO_BIG',
        `One request may read from the apps at most ${this.limits.appReads} times (previews, field lists); this ${what} is one more. Send it in a request of its own.`,
      );
    }
  }

  /** Counts an answer's size; refused (nothing sent) when it would take the request past its share. */
  answer(chars: number, what: string, fewer: string): void {
    if (this.answerChars + chars > this.limits.answerChars) {
      throw new UserError(
        'E_ANSWER_TOO_BIG',
        `This ${what} would answer ${megabytes(chars)}, and one request may answer at most ${megabytes(this.limits.answerChars)}${this.answerChars > 0 ? ' in all' : ''}: ${fewer}.`,
      );
    }
    this.answerChars += chars;
  }
}

/** For callers with no HTTP: nothing is batched, so nothing is capped. */
export function unlimitedWork(): RequestWork {
  return new RequestWork({ appReads: Number.POSITIVE_INFINITY, answerChars: Number.POSITIVE_INFINITY });
}
