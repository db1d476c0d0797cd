import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// waitFor gives up after 1 s by default; on a loaded 2-core CI machine an in-process server answer
// can take longer than that while the test is still waiting on a real signal.
configure({ asyncUtilTimeout: 15_000 });
