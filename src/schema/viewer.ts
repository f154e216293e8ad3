// Query.viewer: the API key a request was made with, so a client can check
// which key and role it is using.
import { ROLES } from '../db/schema.js';
import type { Viewer } from '../domain/keys.js';
import { builder } from './builder.js';

export const Role = builder.enumType('Role', {
  description: 'What an API key may do: READER reads (where reads need a key), EDITOR also runs every mutation and reverts its own changes, ADMIN also reverts anyone\'s.',
  values: Object.fromEntries(ROLES.map((role) => [role, { value: role }])) as Record<(typeof ROLES)[number], { value: (typeof ROLES)[number] }>,
});

export const ViewerType = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The API key the request was made with.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name the key was created under.' }),
    role: t.field({ type: Role, description: 'What the key may do.', resolve: (viewer) => viewer.role }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerType,
    nullable: true,
    description: 'The API key sent with this request (Authorization: Bearer <key>); null without one.',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);
