import { z } from 'zod';

// The server's Content-Security-Policy forbids eval. Zod compiles its object parsers with new Function after
// probing whether eval is allowed, and the probe alone is reported as a CSP violation. Every schema is built
// with this module's z, so jitless is set before the first of them.
z.config({ jitless: true });

export { z };
