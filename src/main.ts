// The server's entry point. It sets how V8 grows the heap before anything else
// is loaded: a limit is computed at each full collection, and loading the
// modules already runs some, so the flag must come first. Then serve.ts starts
// the server.
import { limitHeapGrowth } from './heap-growth.js';

limitHeapGrowth();
await import('./serve.js');
