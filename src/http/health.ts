// Health endpoints: /health says the process is up, /ready that the database answers.
import type { Plugin } from 'graphql-yoga';
import type { DatabaseHandle } from '../db/client.js';

export function healthPlugin(database: DatabaseHandle): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (url.pathname === '/ready') {
        try {
          await database.ping();
          endResponse(fetchAPI.Response.json({ status: 'ready', database: database.driver }));
        } catch {
          endResponse(fetchAPI.Response.json({ status: 'unavailable', database: database.driver }, { status: 503 }));
        }
      }
    },
  };
}
