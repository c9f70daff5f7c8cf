import { gql } from '@apollo/client';

/** The queries and mutations of the 人事变动 page, and the kinds of change it offers. */
const SEAT = `id body title roleName acting vacant person { id name }`;
export const SEATS = gql`
  query RosterSeats {
    headquarters { code name commanders { ${SEAT} } executiveDeputyCommanders { ${SEAT} } deputyCommanders { ${SEAT} } members { ${SEAT} } office { directors { ${SEAT} } } }
    commandPosts { code name commanders { ${SEAT} } deputyCommanders { ${SEAT} } office { directors { ${SEAT} } } }
  }
`;
export const POSITION = gql`
  query PositionInfo($title: String!) {
    position(title: $title) {
      title
      multiHolder
      holders {
        id
        name
      }
    }
  }
`;
export const ISSUES = gql`
  query RosterIssues {
    rosterIssues {
      kind
      message
      body
      title
      since
      persons {
        name
      }
    }
  }
`;
export const CHANGES = gql`
  query RecentRosterChanges {
    rosterChanges(limit: 30) {
      id
      kind
      summary
      effectiveFrom
      recordedAt
      documentRef
      reason
      actorName
    }
  }
`;
export const MUTATIONS: Record<string, ReturnType<typeof gql>> = {
  appoint: gql`
    mutation Appoint($input: AppointInput!) {
      appoint(input: $input) {
        title
      }
    }
  `,
  appointActing: gql`
    mutation AppointActing($input: AppointActingInput!) {
      appointActing(input: $input) {
        title
      }
    }
  `,
  vacatePosition: gql`
    mutation Vacate($input: VacatePositionInput!) {
      vacatePosition(input: $input) {
        title
      }
    }
  `,
  reassignSeat: gql`
    mutation Reassign($input: ReassignSeatInput!) {
      reassignSeat(input: $input) {
        id
      }
    }
  `,
  removeSeat: gql`
    mutation RemoveSeat($input: RemoveSeatInput!) {
      removeSeat(input: $input) {
        id
      }
    }
  `,
};

export type Kind = 'appoint' | 'appointActing' | 'vacatePosition' | 'reassignSeat' | 'removeSeat';

export interface SeatRow {
  id: string;
  bodyName: string;
  title: string;
  roleName: string;
  acting: boolean;
  vacant: boolean;
  person: { id: string; name: string } | null;
}

export const KIND_LABEL: Record<Kind, string> = {
  appoint: '任命',
  appointActing: '代理',
  vacatePosition: '免职（空缺）',
  reassignSeat: '席位调整',
  removeSeat: '撤销席位',
};
