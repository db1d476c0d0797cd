// HTTP helper for API connectors
export * from './http/clock';
export * from './http/retry-policy';
export * from './http/request-budget';
export * from './http/ssrf-guard';
export * from './http/http-client';
export * from './http/paginate';
