// Every GraphQL document the page sends: one per panel, so that a field refused to this
// viewer (FORBIDDEN) hides that panel alone — most fields are non-null, and a refusal
// nulls the nearest nullable parent.

export const WHO_AM_I = `query { people(first: 1) { totalCount } }`;

const CARD = `id name roles department`;

const PAGE_INFO = `totalCount pageInfo { hasNextPage endCursor }`;

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
    ${PAGE_INFO}
    edges { node { person { ${CARD} classYear } profile { score typology size reasons } } } } }`;

export const ALERTS = `subscription Alerts($filter: PersonFilter) {
  supportAlerts(filter: $filter) { at oldScore newScore wasThin thin reasons person { id name } } }`;

// ---- programs and mentorship requests (SPEC §8) ----------------------------------------

const REQUEST = `id status message createdAt expiresAt decidedAt reason
  mentee { id name } mentor { id name } program { id name } tie { id }`;

export const REQUESTS = `query Requests($id: ID!, $first: Int!, $after: String) {
  mentorshipRequests(personId: $id, first: $first, after: $after) {
    ${PAGE_INFO} edges { node { ${REQUEST} } } } }`;

/** Whether the viewer acts for each of these people in mentoring (a refusal: they do not). */
export function actsFor(ids: string[]): string {
  const vars = ids.map((_, i) => `$p${i}: ID!`).join(", ");
  const asks = ids.map(
    (_, i) => `p${i}: mentorshipRequests(personId: $p${i}, first: 1) { totalCount }`,
  );
  return `query ActsFor(${vars}) { ${asks.join(" ")} }`;
}

/** Open programs with who is enrolled on each side: the choices of a request. */
export const OPEN_PROGRAMS = `query OpenPrograms {
  programs(status: OPEN, first: 20) { edges { node { id name
    mentors(first: 200) { person { id } capacity load } mentees(first: 500) { person { id } } } } } }`;

export const REQUEST_MENTORSHIP = `mutation RequestMentorship($mentee: ID!, $mentor: ID!, $program: ID,
  $message: String) {
  requestMentorship(menteeId: $mentee, mentorId: $mentor, programId: $program, message: $message) {
    ${REQUEST} } }`;

export const ACCEPT_REQUEST = `mutation Accept($id: ID!) { acceptRequest(id: $id) { ${REQUEST} } }`;
export const DECLINE_REQUEST = `mutation Decline($id: ID!, $reason: String) {
  declineRequest(id: $id, reason: $reason) { ${REQUEST} } }`;
export const CANCEL_REQUEST = `mutation Cancel($id: ID!) { cancelRequest(id: $id) { ${REQUEST} } }`;
export const COMPLETE_MENTORSHIP = `mutation Complete($id: ID!) { completeMentorship(id: $id) { ${REQUEST} } }`;

const PROGRAM = `id name status description host { id name } topics startsOn endsOn defaultCapacity`;

export const PROGRAMS = `query Programs($status: ProgramStatus, $first: Int!, $after: String) {
  programs(status: $status, first: $first, after: $after) {
    ${PAGE_INFO} edges { node { ${PROGRAM} } } } }`;

/** Every program's name, for a filter's choices. */
export const PROGRAM_NAMES = `query ProgramNames { programs(first: 100) { edges { node { id name status } } } }`;

const ENROLMENT = `person { ${CARD} } capacity load since`;

export const PROGRAM_PAGE = `query Program($id: ID!) { program(id: $id) { ${PROGRAM}
  audience { roles levels departments classYears topics groupIds thinOnly }
  mentors(first: 100) { ${ENROLMENT} } mentees(first: 100) { ${ENROLMENT} } } }`;

export const AUDIENCE = `query Audience($id: ID!, $first: Int!, $after: String) {
  programAudience(programId: $id, first: $first, after: $after) {
    ${PAGE_INFO} edges { node { fit reasons person { ${CARD} } } } } }`;

export const PROPOSALS = `query Proposals($id: ID!) {
  proposeMatches(programId: $id) { score reasons mentee { ${CARD} } mentor { ${CARD} } } }`;

export const ACCEPT_PROPOSALS = `mutation AcceptProposals($id: ID!, $pairs: [MatchPairInput!]!) {
  acceptProposals(programId: $id, pairs: $pairs) { id } }`;
