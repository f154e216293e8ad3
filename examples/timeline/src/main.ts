// claimline's reference front end: the timeline with plain fields (no
// fragments per type), a histogram from buckets, filters by actor and topic,
// infinite scroll by cursor, and a statement's claims and rebuttals on click.
// Plain ES modules and fetch; reads go out as GET so HTTP caches and ETags work.
const endpoint = new URL(document.documentElement.dataset.endpoint ?? '/graphql', location.href);
const PAGE = 20;

const OPTIONS = `query FilterOptions {
  actors(first: 100) { edges { node { id name } } }
  topics(first: 100) { edges { node { id name } } }
}`;
const HISTOGRAM = `query Histogram($filter: TimelineFilter) {
  timeline(filter: $filter, first: 0) { totalCount buckets(granularity: YEAR) { label count } }
}`;
const CLAIMS = `query StatementClaims($id: ID!) {
  node(id: $id) {
    ... on Statement {
      claims(first: 50) { edges { node { text rebuttals { text date { display } claimants { name } } } } }
    }
  }
}`;

const $ = (id) => document.getElementById(id);
const state = { filter: {}, after: null, hasNext: true, loading: false, generation: 0 };
let timelineQuery = '';

async function graphql(query, variables = {}) {
  const url = new URL(endpoint);
  url.searchParams.set('query', query);
  url.searchParams.set('variables', JSON.stringify(variables));
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  return body.data;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c != null));
  return node;
}

function showError(error) {
  $('error').hidden = false;
  $('error').textContent = String(error.message ?? error);
}

function drawHistogram(buckets) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  $('histogram').replaceChildren(
    ...buckets.map((b) =>
      element('div', { className: 'bar', title: `${b.label}: ${b.count}`, style: `height:${(100 * b.count) / max}%` }, element('span', { textContent: b.label })),
    ),
  );
}

async function showClaims(item, li) {
  if (li.querySelector('.claims')) return li.querySelector('.claims').remove();
  const data = await graphql(CLAIMS, { id: item.itemId });
  const claims = data.node.claims.edges.map((e) => e.node);
  li.append(
    element(
      'ul',
      { className: 'claims' },
      ...claims.map((claim) =>
        element(
          'li',
          { className: 'claim' },
          claim.text,
          ...claim.rebuttals.map((r) =>
            element('p', { className: 'rebuttal', textContent: `Rebutted ${r.date.display} by ${r.claimants.map((a) => a.name).join(', ') || 'unnamed'}: ${r.text}` }),
          ),
        ),
      ),
    ),
  );
}

function drawItem(item) {
  // The date as precisely as it is known: a month-precise item reads "November 2025", never a day.
  const li = element(
    'li',
    { className: `item ${item.type.toLowerCase()}` },
    element('div', {}, element('span', { className: 'date', textContent: item.date.display }), element('span', { className: 'precision', textContent: item.date.precision }), element('span', { className: 'kind', textContent: item.kindLabel })),
    element('div', { className: 'headline', textContent: item.headline }),
    item.summary ? element('div', { className: 'summary', textContent: item.summary }) : null,
    item.actors.length ? element('div', { className: 'actors', textContent: item.actors.map((a) => a.name).join(', ') }) : null,
  );
  if (item.type === 'STATEMENT') li.addEventListener('click', () => showClaims(item, li).catch(showError));
  return li;
}

async function loadPage() {
  if (state.loading || !state.hasNext) return;
  state.loading = true;
  const generation = state.generation;
  $('more').hidden = false;
  try {
    const data = await graphql(timelineQuery, { filter: state.filter, first: PAGE, after: state.after });
    if (generation !== state.generation) return;
    const page = data.timeline;
    $('items').append(...page.edges.map(drawItem));
    $('count').textContent = `${page.totalCount} items`;
    state.after = page.pageInfo.endCursor;
    state.hasNext = page.pageInfo.hasNextPage;
  } finally {
    state.loading = false;
    $('more').hidden = true;
  }
  // A tall window may show the sentinel still: keep filling it.
  if (state.hasNext && document.body.scrollHeight <= innerHeight + 50) await loadPage();
}

async function reload() {
  state.generation += 1;
  state.after = null;
  state.hasNext = true;
  state.loading = false;
  $('items').replaceChildren();
  const actor = $('actor').value;
  const topic = $('topic').value;
  state.filter = { ...(actor ? { actors: [actor] } : {}), ...(topic ? { topics: [topic] } : {}) };
  const [histogram] = await Promise.all([graphql(HISTOGRAM, { filter: state.filter }), loadPage()]);
  drawHistogram(histogram.timeline.buckets);
  document.body.dataset.ready = 'true';
}

async function main() {
  timelineQuery = await (await fetch(new URL('timeline.graphql', import.meta.url))).text();
  const options = await graphql(OPTIONS);
  for (const [select, list] of [[$('actor'), options.actors], [$('topic'), options.topics]]) {
    select.append(...list.edges.map(({ node }) => element('option', { value: node.id, textContent: node.name })));
    select.addEventListener('change', () => {
      document.body.dataset.ready = 'false';
      reload().catch(showError);
    });
  }
  new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadPage().catch(showError)).observe($('more'));
  addEventListener('scroll', () => {
    if (innerHeight + scrollY >= document.body.scrollHeight - 200) loadPage().catch(showError);
  });
  await reload();
}

main().catch(showError);
