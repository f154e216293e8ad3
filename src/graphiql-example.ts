// The operation GraphiQL opens with: a signatory, the statement it signed, a
// claim in it, and the later claim that rebuts or contradicts it.
export const GRAPHIQL_EXAMPLE = `# Walk from a signatory to what it signed, the claims in it and their answers.
query SignatoryToRebuttal {
  actor(slug: "anca") {
    name
    aliases
    statements(role: LEAD_SIGNATORY, first: 3) {
      edges {
        node {
          title
          date { display }
          claims(first: 10) {
            edges {
              node {
                text
                rebuttals {
                  text
                  date { display }
                  claimants { name }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;
