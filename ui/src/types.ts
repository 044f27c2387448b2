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
