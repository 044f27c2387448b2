// The shapes the page reads from the API (schema/schema.graphql has the whole schema).

export type Role = "STUDENT" | "FACULTY" | "STAFF" | "ALUM" | "EXTERNAL";
export type TieKind =
  | "ADVISES"
  | "MENTORS"
  | "COACHES"
  | "TEACHES"
  | "TUTORS"
  | "PEER_SUPPORTS"
  | "SUPERVISES"
  | "KNOWS";
export type SupportFunction = "ACADEMIC" | "CAREER" | "PSYCHOSOCIAL";

export interface Card {
  id: string;
  name: string;
  roles: Role[];
  department: string | null;
}

export interface Tie {
  id: string;
  kind: TieKind;
  strength: number;
  functions: SupportFunction[];
  since: string | null;
  until: string | null;
  lastContact: string | null;
  formal: boolean;
  supporter: { id: string };
  supported: { id: string };
}

export interface Web {
  truncated: boolean;
  people: Card[];
  ties: Tie[];
}

export interface Supporter {
  kinds: TieKind[];
  functions: SupportFunction[];
  strength: number;
  lastContact: string | null;
  person: Card;
}

export interface Profile {
  size: number;
  range: number;
  strength: number;
  functionsCovered: SupportFunction[];
  functionsMissing: SupportFunction[];
  singlePointsOfFailure: SupportFunction[];
  effectiveSize: number;
  constraint: number;
  typology: string;
  score: number;
  thin: boolean;
  reasons: string[];
  supporters: Supporter[];
}

export interface MentorMatch {
  score: number;
  hops: number;
  reasons: string[];
  mentor: Card & { expertise: string[]; available: boolean };
  path: Card[];
  ties: Tie[];
}

export interface Alert {
  at: string;
  oldScore: number | null;
  newScore: number;
  wasThin: boolean | null;
  thin: boolean;
  reasons: string[];
  person: { id: string; name: string };
}

export type RequestStatus =
  "PENDING" | "ACCEPTED" | "DECLINED" | "CANCELLED" | "EXPIRED" | "COMPLETED";
export type ProgramStatus = "DRAFT" | "OPEN" | "CLOSED";

export interface Named {
  id: string;
  name: string;
}

export interface MentorshipRequest {
  id: string;
  status: RequestStatus;
  message: string | null;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  reason: string | null;
  mentee: Named;
  mentor: Named;
  program: Named | null;
  tie: { id: string } | null;
}

/** A page of a Relay connection. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

export interface Program {
  id: string;
  name: string;
  status: ProgramStatus;
  description: string | null;
  host: Named | null;
  topics: string[];
  startsOn: string | null;
  endsOn: string | null;
  defaultCapacity: number | null;
}

export interface Enrolment {
  person: Card;
  capacity: number | null;
  load: number;
  since: string;
}

export interface Audience {
  roles: Role[];
  levels: string[];
  departments: string[];
  classYears: number[];
  topics: string[];
  groupIds: string[];
  thinOnly: boolean;
}
