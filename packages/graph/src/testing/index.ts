// Helpers for tests and benchmarks of other packages; never imported by production code.
export { seededRandom } from './seeded-random';
