import { gql } from '@apollo/client';

const ASSIGNMENT = `person { id name } replaces { id name } note`;
const SHIFT = `office date shift shiftName startsAt endsAt missing officers { ${ASSIGNMENT} } leader { ${ASSIGNMENT} }`;

export const DUTY_OFFICES = gql`
  query DutyOffices {
    dutyOffices {
      code
      name
      mayChange
      shifts {
        code
        name
        start
        end
      }
    }
  }
`;

export const DUTY_MONTH = gql`
  query DutyMonth($from: DateTime!, $to: DateTime!, $office: String) {
    dutyShifts(from: $from, to: $to, office: $office) { ${SHIFT} }
  }
`;

export const ON_DUTY_NOW = gql`
  query OnDutyNow($office: String) {
    onDuty(office: $office) { ${SHIFT} }
  }
`;

export const DUTY_CHANGES = gql`
  query DutyChangesRecent($office: String) {
    dutyChanges(office: $office) {
      id
      kind
      summary
      reason
      recordedAt
      actorName
    }
  }
`;

export const PEOPLE = gql`
  query DutyPeople {
    people(search: "") {
      id
      name
    }
  }
`;

export const SWAP = gql`
  mutation SwapDutyShifts($input: SwapDutyShiftsInput!) {
    swapDutyShifts(input: $input) {
      change {
        id
        summary
      }
    }
  }
`;

export const ABSENCE = gql`
  mutation RecordDutyAbsence($input: RecordDutyAbsenceInput!) {
    recordDutyAbsence(input: $input) {
      change {
        id
        summary
      }
      shifts {
        date
        shiftName
      }
    }
  }
`;

export const IMPORT = gql`
  mutation ImportDutyRoster($input: ImportDutyRosterInput!) {
    importDutyRoster(input: $input) {
      month
      dryRun
      shiftsRead
      assignments
      replaced
      contactMethodsAdded
      gaps {
        date
        shiftName
        missing
      }
    }
  }
`;

export const EXPORT = gql`
  query ExportDutyRoster($month: String!, $format: DutySheetFormat, $office: String) {
    exportDutyRoster(month: $month, format: $format, office: $office) {
      filename
      mimeType
      contentBase64
    }
  }
`;

export const CALENDAR_LINK = gql`
  mutation IssueDutyCalendarLink($personId: ID!) {
    issueDutyCalendarLink(personId: $personId) {
      url
      person {
        name
      }
    }
  }
`;

export interface PersonRef {
  id: string;
  name: string;
}
export interface Assignment {
  person: PersonRef;
  replaces: PersonRef | null;
  note: string | null;
}
export interface Shift {
  office: string;
  date: string;
  shift: string;
  shiftName: string;
  startsAt: string;
  endsAt: string;
  missing: Array<'OFFICER' | 'LEADER'>;
  officers: Assignment[];
  leader: Assignment | null;
}
export interface ShiftDef {
  code: string;
  name: string;
  start: string;
  end: string;
}
export interface DutyOffice {
  code: string;
  name: string;
  mayChange: boolean;
  shifts: ShiftDef[];
}
