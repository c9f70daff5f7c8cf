import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';

const FEATURES = gql`
  query ConsoleFeatures {
    mutations: __type(name: "Mutation") {
      fields {
        name
        args {
          name
        }
      }
    }
    incident: __type(name: "Incident") {
      fields {
        name
      }
    }
  }
`;

/**
 * Which optional API features this server offers (fields other issues add over time), so the
 * console shows an action only when the server can do it.
 */
export function useFeatures(): {
  has(field: string): boolean;
  hasArg(mutation: string, arg: string): boolean;
  hasIncidentField(field: string): boolean;
  loaded: boolean;
} {
  const { data } = useQuery<any>(FEATURES, { fetchPolicy: 'cache-first' });
  const mutations: Array<{ name: string; args: Array<{ name: string }> }> = data?.mutations?.fields ?? [];
  const incidentFields: Array<{ name: string }> = data?.incident?.fields ?? [];
  return {
    loaded: Boolean(data),
    has: (field) => mutations.some((m) => m.name === field),
    hasArg: (mutation, arg) => mutations.some((m) => m.name === mutation && m.args.some((a) => a.name === arg)),
    hasIncidentField: (field) => incidentFields.some((f) => f.name === field),
  };
}
