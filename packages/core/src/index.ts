// @sluice/core: what every Sluice package shares: the error classes and their one registry of codes,
// the email and phone rules.
export { UserError } from './errors/user.error';
export { OperationalError } from './errors/operational.error';
export { UnexpectedError, isUserError, isOperationalError } from './errors/unexpected.error';
export { errorCodes, errorCodeInfo, httpStatusOf, isUserErrorCode, type ApiStatus, type ErrorCode, type ErrorCodeInfo, type ErrorCodeOf, type ErrorKind } from './errors/error-codes';
// The one email rule and the one phone rule (matching, formatting, screening what is passed on).
export { normalizeEmail } from './contact/email';
export { phoneKey, phoneIndexKey, formatE164 } from './contact/phone';
export { screenPhone, MAX_PHONE_LENGTH, type PhoneRefused } from './contact/phone-text';
