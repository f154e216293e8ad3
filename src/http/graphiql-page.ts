// GraphiQL from the project's own dependencies: @graphql-yoga/render-graphiql
// inlines the editor, its styles and its workers into one page, so it works on
// a network that cannot reach a public CDN. The page is about 9 MB of text;
// it is built once per set of options instead of on every visit.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

const pages = new Map<string, string>();

export function renderOfflineGraphiQL(options?: GraphiQLOptions): string {
  const key = JSON.stringify(options ?? {});
  let page = pages.get(key);
  if (page === undefined) {
    page = renderGraphiQL(options);
    pages.set(key, page);
  }
  return page;
}
