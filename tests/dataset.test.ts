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

/** Every claim with who asserted it, where, in which words, and what it links to. */
const ALL_CLAIMS = /* GraphQL */ `
  query AllClaims($after: String) {
    claims(first: 50, after: $after) {
      edges { node { slug text
        claimants { slug }
        appearances { statement { slug participants { actor { slug } } } excerpts { source { slug } start end quote } }
        relations { kind to { slug } statement { slug } note }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const DATES = /* GraphQL */ `
  query Dates {
    waltz: statement(slug: "waltz-remarks-2025-12") { date { edtf precision earliest latest note } }
    interview: statement(slug: "aliyev-tv-interview") { date { edtf precision earliest latest note } }
    objection: statement(slug: "azerbaijan-objection-to-waltz-remarks") { date { edtf precision earliest latest note } }
    officials: statement(slug: "azerbaijani-officials-november-2025") { date { edtf precision earliest latest note } }
    report: statement(slug: "aliyev-interview-report-article") { date { edtf precision earliest latest note } }
    diplomats: statement(slug: "aliyev-interview-diplomats-article") { date { edtf precision earliest latest note } }
    questionnaire: event(slug: "azerbaijan-isf-questionnaire") { start { edtf precision earliest latest note } }
    ceasefire: event(slug: "gaza-ceasefire-agreement-2025") { start { edtf precision earliest latest note } }
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

  async function allClaims() {
    const claims: any[] = [];
    let after: string | undefined;
    for (;;) {
      const data = expectNoErrors(await exec(ALL_CLAIMS, { after }), ALL_CLAIMS);
      claims.push(...data.claims.edges.map((e: any) => e.node));
      if (!data.claims.pageInfo.hasNextPage) return claims;
      after = data.claims.pageInfo.endCursor;
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
    }).toEqual({ actors: 81, sources: 5, statements: 27, claims: 127, events: 29, topics: 7, excerpts: 261 });
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

  it("links Waltz's remarks to Aliyev's denial, which rebuts Aliyev's reading of them", async () => {
    const data = expectNoErrors(await exec(WALTZ_TO_ALIYEV), WALTZ_TO_ALIYEV);
    const remarks = data.actor.statements.edges.find((e: any) => e.node.slug === 'waltz-remarks-2025-12').node;
    expect(remarks.date.edtf).toBe('2025?-12');
    expect(remarks.date.uncertain).toBe(true);
    expect(remarks.date.note).toBeTruthy();
    expect(remarks.responses.map((s: any) => s.slug)).toContain('aliyev-tv-interview');
    // Waltz's only reported words: the preference for a force involving countries such as Azerbaijan.
    expect(remarks.claims.edges.map((e: any) => e.node.slug)).toEqual(['international-force-preferable-to-israeli-or-us-troops']);
    const claims = await allClaims();
    const agreed = claims.find((c) => c.slug === 'waltz-remarks-suggested-azerbaijan-agreed')!;
    expect(agreed.claimants.map((a: any) => a.slug)).toEqual(['ilham-aliyev', 'azerbaijan']);
    const rebuttals = claims.filter((c) => c.relations.some((r: any) => r.kind === 'REBUTS' && r.to.slug === agreed.slug));
    const denial = rebuttals.find((c) => c.slug === 'baku-did-not-consent-to-isf')!;
    expect(denial.claimants.map((a: any) => a.slug)).toContain('ilham-aliyev');
    expect(denial.appearances.map((a: any) => a.statement.slug)).toContain('aliyev-tv-interview');
    expect(denial.appearances[0].excerpts[0].quote).toMatch(/did not give consent/);
  });

  // Attribution: who really asserted what (see seeds/README.md, "Who asserted what").
  describe('attribution', () => {
    it('credits no claim that Azerbaijan agreed to join to Waltz: that is Aliyev’s reading of his remarks', async () => {
      for (const claim of await allClaims()) {
        const says = claim.appearances.some((a: any) => a.excerpts.some((e: any) => /had agreed|has agreed|agreed to join/i.test(e.quote)));
        if (says) expect(claim.claimants.map((a: any) => a.slug), claim.slug).not.toContain('mike-waltz');
        for (const appearance of claim.appearances) {
          const waltzSpeaks = appearance.statement.participants.some((p: any) => p.actor.slug === 'mike-waltz');
          if (waltzSpeaks) expect(claim.text, claim.slug).not.toMatch(/agreed/i);
        }
      }
    });

    it('credits AnewZ with the one sentence the report cites it for, and nothing outside it', async () => {
      const { text } = await allExcerpts('anewz-us-approach-report');
      const cited = text.indexOf('\n');
      expect(text.slice(0, cited)).toMatch(/^According to AnewZ, .*expands\.$/);
      let credited = 0;
      for (const claim of await allClaims()) {
        for (const appearance of claim.appearances) {
          if (!appearance.statement.participants.some((p: any) => p.actor.slug === 'anewz')) continue;
          credited++;
          for (const e of appearance.excerpts) {
            expect(e.source.slug, claim.slug).toBe('anewz-us-approach-report');
            expect(e.end, `${claim.slug}: ${e.quote}`).toBeLessThanOrEqual(cited);
          }
        }
      }
      expect(credited).toBe(2);
      // “Azerbaijan is viewed as a credible contributor”: a passive view with no holder named, neither AnewZ’s nor the outlet’s.
      const credible = (await allClaims()).find((c) => c.slug === 'azerbaijan-credible-isf-contributor')!;
      expect(credible.claimants.map((a: any) => a.slug)).toEqual(['unnamed-holders-credible-contributor-view']);
      expect(credible.text).toMatch(/viewed/);
    });

    it('records no relation as made by a statement whose speakers do not make it, and no CONTRADICTS between compatible claims', async () => {
      const claims = await allClaims();
      const relation = (from: string, to: string) => claims.find((c) => c.slug === from)!.relations.find((r: any) => r.to.slug === to);
      // Aliyev never addresses Waltz's preference; refusing troops is compatible with preferring a force that includes Azerbaijan.
      expect(relation('azerbaijan-has-no-plans-to-send-troops-to-gaza', 'international-force-preferable-to-israeli-or-us-troops')).toBeUndefined();
      // Links in the report on the U.S. approach that its outlet draws nowhere are editorial, with a note.
      for (const [from, to] of [
        ['arab-partners-note-azerbaijan-balanced-approach', 'azerbaijan-credible-isf-contributor'],
        ['isf-not-traditional-un-peacekeeping', 'azerbaijan-participation-requires-unsc-resolution'],
      ]) {
        expect(relation(from!, to!)).toMatchObject({ statement: null, note: expect.stringMatching(/^Editorial link/) });
      }
    });

    it('links the cross-document answers the documents make', async () => {
      const claims = await allClaims();
      const linked = (a: string, b: string) =>
        claims.flatMap((c) => c.relations.map((r: any) => ({ ...r, from: c.slug }))).filter((r: any) => (r.from === a && r.to.slug === b) || (r.from === b && r.to.slug === a));
      const expectLink = (a: string, b: string) => {
        const found = linked(a, b);
        expect(found, `${a} <-> ${b}`).not.toHaveLength(0);
        for (const r of found) if (!r.statement) expect(r.note, `${a} <-> ${b}`).toBeTruthy();
        return found;
      };
      // The officials' November condition, with “In the meantime, Aliyev maintains …” and with the later refusal.
      expectLink('azerbaijan-would-contribute-only-if-hostilities-cease', 'no-deployment-under-ongoing-conflict');
      expect(expectLink('azerbaijan-would-contribute-only-if-hostilities-cease', 'azerbaijan-has-no-plans-to-send-troops-to-gaza').map((r: any) => r.kind)).not.toContain('CONTRADICTS');
      // Baku undecided (unnamed sources) with Aliyev's later statements.
      expect(claims.find((c) => c.slug === 'baku-has-not-made-final-decision')!.relations.length).toBeGreaterThan(0);
      // The coalition's rejection of any Azerbaijani role with Waltz's preference for a force that includes Azerbaijan.
      expectLink('international-force-preferable-to-israeli-or-us-troops', 'reject-azerbaijani-military-role-in-isf');
      // The two reports' conditional and categorical renderings of the same answer.
      expectLink('no-participation-until-questions-answered', 'no-participation-in-peacekeeping-envisaged');
    });

    it('dates nothing more precisely than its basis in the text', async () => {
      const data = expectNoErrors(await exec(DATES), DATES);
      // “in December”: the month is stated, only the year is inferred.
      expect(data.waltz.date).toMatchObject({ edtf: '2025?-12', precision: 'MONTH' });
      expect(data.officials.date).toMatchObject({ edtf: '2025?-11', precision: 'MONTH' });
      // “late Monday”, after remarks of “last year”: a year, no month.
      for (const key of ['interview', 'report', 'diplomats']) {
        expect(data[key].date.precision, key).toBe('YEAR');
        expect(data[key].date.edtf, key).not.toMatch(/-/);
      }
      // Between Waltz's remarks and the interview, nothing closer.
      expect(data.objection.date).toMatchObject({ earliest: data.waltz.date.earliest, latest: data.interview.date.latest });
      expect(data.objection.date.edtf).toContain('/');
      // Bounded only by the interview: an open start.
      expect(data.questionnaire.start).toMatchObject({ earliest: '0001-01-01', latest: data.interview.date.latest });
      expect(data.questionnaire.start.edtf).toMatch(/^\.\.\//);
      // “current ceasefire agreement” on 13 October 2025: on or before that day.
      expect(data.ceasefire.start).toMatchObject({ edtf: '../2025-10-13', earliest: '0001-01-01', latest: '2025-10-13' });
      for (const date of [data.waltz.date, data.officials.date, data.interview.date, data.objection.date, data.questionnaire.start, data.ceasefire.start]) {
        expect(date.note).toBeTruthy();
      }
    });
  });
});
