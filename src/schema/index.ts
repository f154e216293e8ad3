// Imports every type file (each registers itself on the builder) and builds the schema.
import { builder } from './builder.js';
import './fuzzy-date.js';
import './actor.js';
import './source.js';
import './statement.js';
import './claim.js';
import './event.js';
import './topic.js';
import './position.js';
import './timeline.js';
import './search.js';
import './change.js';
import './topic-mutations.js';
import './change-mutations.js';
import './viewer.js';
import './actor-mutations.js';
import './source-mutations.js';
import './statement-mutations.js';
import './import-mutation.js';
import './event-mutations.js';
import './claim-mutations.js';
import './subscription.js';

export const schema = builder.toSchema({ sortSchema: false });
