import fc from 'fast-check';

// Vitest setup for the packages with fast-check properties: every property without its own `seed`
// runs from this fixed one, so CI explores the same inputs each time and a failure replays. fast-check
// prints the seed and the failing path in its report; SLUICE_PROPERTY_SEED=<n> explores other inputs
// (or replays a reported seed).
const seed = Number(process.env.SLUICE_PROPERTY_SEED ?? 20261207);
if (!Number.isSafeInteger(seed)) throw new Error(`SLUICE_PROPERTY_SEED must be an integer, not "${process.env.SLUICE_PROPERTY_SEED}"`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
