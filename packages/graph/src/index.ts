export * from './contact.schema';
export * from './field-catalog';
export * from './errors/user.error';
export * from './errors/operational.error';
export * from './errors/unexpected.error';
export * from './graph.schema';
