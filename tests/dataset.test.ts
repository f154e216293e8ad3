// The curated dataset as users see it through the API: complete, exact, and
// walkable from a signatory to the claims that answer it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { seedCurated, useTestApi } from './helpers/api.js';
import { databaseLabel } from './helpers/database.js';
import { expectNoErrors, type Exec } from './helpers/graphql.js';

const COUNTS = /* GraphQL */ `
  query Counts {
    actors { totalCount }
    sources { totalCount edges { node { slug excerpts { totalCount } } } }
    statements { totalCount }
    claims { totalCount }
    events { totalCount }
    topics { totalCount }
  }
`;
const SOURCE_EXCERPTS = /* GraphQL */ `
  query SourceExcerpts($slug: String!, $after: String) {
    source(slug: $slug) {
      text
      excerpts(first: 100, after: $after) {
        edges { node { quote start end prefix suffix } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
const JOINT_STATEMENT = /* GraphQL */ `
  query Joint {
    statement(slug: "coalition-joint-statement-2025-11-12") {
      kind
      date { edtf display }
      lead: participants(role: LEAD_SIGNATORY) { actor { slug } }
      signatories(first: 50) { totalCount edges { node { slug } } }
    }
    actor(slug: "coalition-against-azerbaijan-isf") { kind members { member { slug } role } }
  }
`;
/** Signatory -> statement it signed -> claim in it -> the later claim that contradicts it. */
const SIGNATORY_TO_ANSWER = /* GraphQL */ `
  query Walk {
    actor(slug: "anca") {
      statements(role: LEAD_SIGNATORY) {
        edges { node { slug claims(first: 100) { edges { node { slug
          incomingRelations { kind from { slug date { edtf } claimants { slug } } statement { slug } note }
          rebuttals { slug }
        } } } } }
      }
    }
  }
`;
/** Waltz's claim that Azerbaijan agreed to join, and Aliyev's denial. */
const WALTZ_TO_ALIYEV = /* GraphQL */ `
  query Waltz {
    actor(slug: "mike-waltz") {
      statements { edges { node { slug date { edtf uncertain note } responses { slug }
        claims { edges { node { slug rebuttals { slug claimants { slug } appearances { statement { slug } excerpts { quote } } } } } }
      } } }
    }
  }
`;

function excerptSources(): string[] {
  return ['anp-anca-press-release', 'cmep-joint-statement', 'aliyev-interview-report', 'aliyev-interview-diplomats-report', 'anewz-us-approach-report'];
}

describe(`the curated dataset (${databaseLabel})`, () => {
  const api = useTestApi(seedCurated);
  const exec: Exec = (query, variables) => api.exec(query, variables);

  async function allExcerpts(slug: string) {
    const excerpts: { quote: string; start: number; end: number; prefix: string; suffix: string }[] = [];
    let after: string | undefined;
    let text = '';
    for (;;) {
      const data = expectNoErrors(await exec(SOURCE_EXCERPTS, { slug, after }), SOURCE_EXCERPTS);
      text = data.source.text;
      excerpts.push(...data.source.excerpts.edges.map((e: any) => e.node));
      if (!data.source.excerpts.pageInfo.hasNextPage) return { text, excerpts };
      after = data.source.excerpts.pageInfo.endCursor;
    }
  }

  it('holds every entity: counts per type', async () => {
    const data = expectNoErrors(await exec(COUNTS), COUNTS);
    expect({
      actors: data.actors.totalCount,
      sources: data.sources.totalCount,
      statements: data.statements.totalCount,
      claims: data.claims.totalCount,
      events: data.events.totalCount,
      topics: data.topics.totalCount,
      excerpts: data.sources.edges.reduce((n: number, e: any) => n + e.node.excerpts.totalCount, 0),
    }).toEqual({ actors: 77, sources: 5, statements: 25, claims: 126, events: 29, topics: 7, excerpts: 260 });
  });

  it('quotes every excerpt exactly: source.text[start, end) == quote', async () => {
    for (const slug of excerptSources()) {
      const { text, excerpts } = await allExcerpts(slug);
      expect(excerpts.length).toBeGreaterThan(0);
      for (const e of excerpts) {
        expect(text.slice(e.start, e.end)).toBe(e.quote);
        expect(text.slice(Math.max(0, e.start - e.prefix.length), e.start)).toBe(e.prefix);
        expect(text.slice(e.end, e.end + e.suffix.length)).toBe(e.suffix);
      }
    }
  });

  it('covers every claim-bearing sentence of every source with an excerpt, or lists why not', async () => {
    const exceptions = parse(readFileSync(new URL('../seeds/coverage-exceptions.yaml', import.meta.url), 'utf8')) as Record<
      string,
      { source: string; text: string; reason: string }[]
    >;
    const listed = [...(exceptions.uncoveredClaims ?? []), ...(exceptions.nonClaimMaterial ?? [])];
    for (const item of listed) expect(item.reason.length).toBeGreaterThan(10);
    const uncovered: string[] = [];
    for (const slug of excerptSources()) {
      const { text, excerpts } = await allExcerpts(slug);
      const covered = new Uint8Array(text.length);
      for (const e of excerpts) covered.fill(1, e.start, e.end);
      for (const item of listed.filter((x) => x.source === slug)) {
        const at = text.indexOf(item.text);
        expect(at, `${item.text} is not in ${slug}`).toBeGreaterThanOrEqual(0);
        covered.fill(1, at, at + item.text.length);
      }
      let offset = 0;
      for (const line of text.split('\n')) {
        // Sentences end at . ! or ? (maybe closing a quote) before the next capital or quote.
        let start = 0;
        const ends = [...line.matchAll(/(?<=[.!?]["”’)]?)\s+(?=["“(A-Z0-9])/g)].map((m) => [m.index!, m.index! + m[0].length]);
        for (const [end, next] of [...ends, [line.length, line.length]] as [number, number][]) {
          let letters = 0;
          let hit = 0;
          for (let k = offset + start; k < offset + end; k++) {
            if (/\s/.test(text[k]!)) continue;
            letters++;
            hit += covered[k]!;
          }
          if (letters > 0 && /[A-Za-z0-9]/.test(line.slice(start, end)) && hit / letters < 0.5) uncovered.push(`${slug}: ${line.slice(start, end)}`);
          start = next;
        }
        offset += line.length + 1;
      }
    }
    expect(uncovered).toEqual([]);
  });

  it('has the joint statement with its 18 signatories, two of them leading, all coalition members', async () => {
    const data = expectNoErrors(await exec(JOINT_STATEMENT), JOINT_STATEMENT);
    expect(data.statement.kind).toBe('JOINT_STATEMENT');
    expect(data.statement.date).toEqual({ edtf: '2025-11-12', display: '12 November 2025' });
    expect(data.statement.lead.map((p: any) => p.actor.slug).sort()).toEqual(['a-new-policy', 'anca']);
    expect(data.statement.signatories.totalCount).toBe(18);
    expect(data.statement.signatories.edges.slice(0, 2).map((e: any) => e.node.slug)).toEqual(['a-new-policy', 'anca']);
    expect(data.actor.kind).toBe('COALITION');
    const members = data.actor.members.map((m: any) => m.member.slug).sort();
    expect(members).toEqual(data.statement.signatories.edges.map((e: any) => e.node.slug).sort());
  });

  it('walks from a signatory to the statement it signed, a claim in it, and the later claim that contradicts it', async () => {
    const data = expectNoErrors(await exec(SIGNATORY_TO_ANSWER), SIGNATORY_TO_ANSWER);
    const joint = data.actor.statements.edges.find((e: any) => e.node.slug === 'coalition-joint-statement-2025-11-12');
    expect(joint).toBeDefined();
    const unsuited = joint.node.claims.edges.find((e: any) => e.node.slug === 'azerbaijan-uniquely-unsuited-for-peacekeeping');
    expect(unsuited.node.rebuttals.map((c: any) => c.slug)).toContain('azerbaijan-credible-isf-contributor');
    const contradiction = unsuited.node.incomingRelations.find((r: any) => r.from.slug === 'azerbaijan-credible-isf-contributor');
    expect(contradiction.kind).toBe('CONTRADICTS');
  });

  it("links Waltz's remarks to Aliyev's denial, which rebuts them", async () => {
    const data = expectNoErrors(await exec(WALTZ_TO_ALIYEV), WALTZ_TO_ALIYEV);
    const remarks = data.actor.statements.edges.find((e: any) => e.node.slug === 'waltz-remarks-2025-12').node;
    expect(remarks.date.edtf).toBe('2025-12?');
    expect(remarks.date.uncertain).toBe(true);
    expect(remarks.date.note).toBeTruthy();
    expect(remarks.responses.map((s: any) => s.slug)).toContain('aliyev-tv-interview');
    const agreed = remarks.claims.edges.find((e: any) => e.node.slug === 'azerbaijan-agreed-to-join-isf').node;
    const denial = agreed.rebuttals.find((c: any) => c.slug === 'baku-did-not-consent-to-isf');
    expect(denial.claimants.map((a: any) => a.slug)).toContain('ilham-aliyev');
    expect(denial.appearances.map((a: any) => a.statement.slug)).toContain('aliyev-tv-interview');
    expect(denial.appearances[0].excerpts[0].quote).toMatch(/did not give consent/);
  });
});
