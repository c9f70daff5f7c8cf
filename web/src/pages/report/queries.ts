import { gql } from '@apollo/client';
import type { Dayjs } from 'dayjs';

/** The queries and the mutation of 接报, the form's values and the figures severity is assessed from. */
export const TYPES = gql`
  query IncidentTypes {
    incidentTypes {
      code
      name
      categoryName
      postCode
    }
  }
`;
export const SUGGEST = gql`
  query Suggest($text: String!) {
    suggestIncidentTypes(text: $text, limit: 3) {
      code
      name
      matchedWords
      explanation
      score
    }
  }
`;
export const ASSESS = gql`
  query Assess($input: AssessSeverityInput!) {
    assessSeverity(input: $input) {
      suggested
      criterion
      message
      regulation
      table
      qualitative
      notes
      decisions
      matched {
        figure
        value
        severity
        criterion
      }
    }
  }
`;
export const WHO = gql`
  query WhoCommands($incidentType: String!, $severity: Severity!) {
    whoCommands(incidentType: $incidentType, severity: $severity) {
      activated
      headquarters
      reason
      postCode
      post {
        name
      }
      citations {
        bodyName
        rule
        source
        documentRef
      }
      recipients {
        person {
          id
          name
        }
        roles {
          roleName
          title
          bodyName
          acting
        }
      }
      vacancies {
        bodyName
        roleName
        title
      }
    }
  }
`;
export const REPORT = gql`
  mutation Report($input: ReportIncidentInput!) {
    reportIncident(input: $input) {
      id
    }
  }
`;

export interface ReportValues {
  incidentType?: string;
  severity?: string;
  title?: string;
  description?: string;
  county?: string;
  location?: string;
  occurredAt?: Dayjs;
  reporter?: string;
  exercise?: boolean;
}

export const FIGURES: Array<{ name: string; label: string; unit?: string; scale?: number }> = [
  { name: 'deaths', label: '死亡', unit: '人' },
  { name: 'missing', label: '失踪', unit: '人' },
  { name: 'seriouslyInjured', label: '重伤', unit: '人' },
  { name: 'poisoned', label: '中毒', unit: '人' },
  { name: 'evacuated', label: '紧急转移安置', unit: '人' },
  { name: 'directLossYuan', label: '直接经济损失', unit: '万元', scale: 10_000 },
  { name: 'magnitude', label: '震级', unit: '级' },
  { name: 'burnedHectares', label: '受害森林/草原面积', unit: '公顷' },
];
