/**
 * Whether rule code may be generated with `new Function` by default. It speeds up long streams on
 * the server; in a browser page a Content-Security-Policy without 'unsafe-eval' would refuse it
 * (and log a violation), and previews are small anyway, so pages use closures unless asked.
 */
export const codegenByDefault: boolean = typeof (globalThis as { document?: unknown }).document === 'undefined';
