// @sluice/core: what every Sluice package shares. The error classes and their one registry of codes.
export { UserError } from './errors/user.error';
export { OperationalError } from './errors/operational.error';
export { UnexpectedError, isUserError, isOperationalError } from './errors/unexpected.error';
export { errorCodes, errorCodeInfo, httpStatusOf, isUserErrorCode, type ApiStatus, type ErrorCode, type ErrorCodeInfo, type ErrorCodeOf, type ErrorKind } from './errors/error-codes';
