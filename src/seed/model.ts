// The seed files validate into the domain's document set.
export type * from '../domain/document-set.js';
