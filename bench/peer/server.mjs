// The peer of `make bench-peer` (issue 10): Supportweb's graph served by the Neo4j GraphQL
// Library on Apollo Server, the way its documentation sets a model up — @node types,
// @relationship fields and @relationshipProperties for the data on the ties. Nothing here
// is tuned beyond what a team adopting the library would write on day one.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PORT=4000 node server.mjs
//   node server.mjs --print-schema      (the generated GraphQL schema, no database needed)
//
// Reads only: mutations are switched off (@mutation(operations: [])), so a load generator
// pointed at it cannot change the graph the other servers are measured on.

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { printSchema } from "graphql";
import neo4j from "neo4j-driver";

// Person–person ties as the graph stores them (docs/data-model.md): one relationship type
// per kind, supporter -> supported. The library maps one type to one field, so each kind is
// a field in each direction; `Person.supportFields` lists the incoming ones.
export const TIE_KINDS = [
  ["ADVISES", "advisedBy", "advises"],
  ["MENTORS", "mentoredBy", "mentors"],
  ["COACHES", "coachedBy", "coaches"],
  ["TEACHES", "taughtBy", "teaches"],
  ["TUTORS", "tutoredBy", "tutors"],
  ["PEER_SUPPORTS", "peerSupportedBy", "peerSupports"],
  ["SUPERVISES", "supervisedBy", "supervises"],
  ["KNOWS", "knownBy", "knows"],
];

const tieFields = TIE_KINDS.map(
  ([type, incoming, outgoing]) => `
    ${incoming}: [Person!]! @relationship(type: "${type}", direction: IN, properties: "Tie")
    ${outgoing}: [Person!]! @relationship(type: "${type}", direction: OUT, properties: "Tie")`,
).join("");

export const typeDefs = /* GraphQL */ `
  enum Role { STUDENT FACULTY STAFF ALUM EXTERNAL }
  enum Level { K12 UNDERGRADUATE GRADUATE PROFESSIONAL }
  enum SupportFunction { ACADEMIC CAREER PSYCHOSOCIAL }
  enum GroupKind { TEAM CLUB DEPARTMENT LAB DORM OFFICE COMMUNITY SCHOOL }

  type Person @node @mutation(operations: []) {
    id: ID!
    name: String!
    "The lower-cased name the graph keeps for ordering (and its index)."
    sortName: String!
    email: String
    roles: [Role!]!
    department: String
    classYear: Int
    level: Level
    openDoor: Boolean
    capacity: Int
    servesLevels: [Level!]
    ${tieFields}
    groups: [Group!]! @relationship(type: "MEMBER_OF", direction: OUT, properties: "Membership")
  }

  type Tie @relationshipProperties {
    id: ID!
    strength: Float
    since: Date
    until: Date
    functions: [SupportFunction!]
    formal: Boolean
    lastContact: Date
  }

  type Membership @relationshipProperties {
    role: String
    since: Date
  }

  type Group @node @mutation(operations: []) {
    id: ID!
    name: String!
    kind: GroupKind!
    members: [Person!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "Membership")
  }
`;

async function main() {
  const printOnly = process.argv.includes("--print-schema");
  const driver = neo4j.driver(process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687", neo4j.auth.none(), {
    // The pool size of Supportweb's driver (graphdb/driver.py): more than the load's 32
    // connections, so neither side queues for a Bolt connection.
    maxConnectionPoolSize: 50,
  });
  const library = new Neo4jGraphQL({ typeDefs, driver });
  const schema = await library.getSchema();
  if (printOnly) {
    process.stdout.write(printSchema(schema));
    await driver.close();
    return;
  }
  const server = new ApolloServer({ schema });
  const port = Number(process.env.PORT ?? 4000);
  const { url } = await startStandaloneServer(server, {
    // Loopback only: this is a benchmark target, never a service.
    listen: { host: "127.0.0.1", port },
    context: async () => ({}),
  });
  console.log(`peer ready at ${url}`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
