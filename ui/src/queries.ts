// Every GraphQL document the page sends: one per panel, so that a field refused to this
// viewer (FORBIDDEN) hides that panel alone — most fields are non-null, and a refusal
// nulls the nearest nullable parent.

export const WHO_AM_I = `query { people(first: 1) { totalCount } }`;

const CARD = `id name roles department`;

export const SEARCH = `query Search($q: String!, $first: Int!) {
  people(filter: {search: $q}, first: $first) { totalCount edges { node { ${CARD} } } } }`;

export const BY_ID = `query ById($id: ID!) { person(id: $id) { ${CARD} } }`;

export const PERSON = `query Person($id: ID!) {
  person(id: $id) { ${CARD} expertise openDoor capacity load available } }`;

export const DETAILS = `query Details($id: ID!) {
  person(id: $id) { email classYear level interests groups { role group { id name kind } } } }`;

export const TIE = `id kind strength functions since until lastContact formal
  supporter { id } supported { id }`;

export const WEB = `query Web($id: ID!, $depth: Int!) {
  person(id: $id) { supportWeb(depth: $depth) { truncated people { ${CARD} } ties { ${TIE} } } } }`;

const PROFILE_FIELDS = `size range strength functionsCovered functionsMissing singlePointsOfFailure
  effectiveSize constraint typology score thin reasons
  supporters { kinds functions strength lastContact person { ${CARD} } }`;

export const PROFILE = `query Profile($id: ID!) { supportProfile(personId: $id) { ${PROFILE_FIELDS} } }`;

export const WHAT_IF = `query WhatIf($id: ID!, $without: [ID!]) {
  before: supportProfile(personId: $id) { ${PROFILE_FIELDS} }
  after: supportProfile(personId: $id, without: $without) { ${PROFILE_FIELDS} } }`;

export const MENTORS = `query Mentors($id: ID!, $need: MentorNeed, $first: Int!) {
  mentorPaths(personId: $id, need: $need, first: $first) {
    score hops reasons
    mentor { ${CARD} expertise available }
    path { ${CARD} }
    ties { ${TIE} } } }`;

export const EXPOSED = `query Exposed($id: ID!) { exposedIfLeaves(personId: $id) { ${CARD} } }`;

export const THIN = `query Thin($filter: PersonFilter, $first: Int!, $after: String) {
  thinSupport(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { person { ${CARD} classYear } profile { score typology size reasons } } } } }`;

export const ALERTS = `subscription Alerts($filter: PersonFilter) {
  supportAlerts(filter: $filter) { at oldScore newScore wasThin thin reasons person { id name } } }`;
