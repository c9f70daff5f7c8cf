import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfirmationPolicies } from './confirmation-policies.config';
import { readReportingConfig } from './reporting.config';
import { readIncidentTypes, readActivationRules } from './rules.config';
import { readJurisdiction } from './incident.config';
import { planFor } from '../reporting/core/deadlines';
import { policyFor } from '../notifications/core/confirmation-policy';

const CONFIG = join(__dirname, '..', '..', 'config');
const write = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cfg-')), name);
  writeFileSync(path, text);
  return path;
};

describe('config/reporting.yaml', () => {
  const refs = {
    types: readIncidentTypes(join(CONFIG, 'incident-types.yaml')),
    jurisdiction: readJurisdiction(join(CONFIG, 'jurisdiction.yaml')),
  };
  const config = readReportingConfig(join(CONFIG, 'reporting.yaml'), refs);

  it('gives the domain defaults', () => {
    const plan = (severity: string, incidentType = 'COAL_MINE_SAFETY') =>
      planFor(config.deadlines, { severity, incidentType, county: null });
    expect(plan('IV').initialMinutes).toBe(120);
    expect(plan('III').initialMinutes).toBe(60);
    expect(plan('III').followUp).toEqual({ atTimes: ['08:00', '17:00'] });
    expect(plan('III', 'ECO_ENVIRONMENT').initialMinutes).toBe(240);
    expect(plan('IV', 'ECO_ENVIRONMENT').initialMinutes).toBe(240);
    expect(plan('II', 'ECO_ENVIRONMENT').initialMinutes).toBe(60);
    expect(config.alerts.recipients).toEqual([{ body: 'HQ', role: 'OFFICE_DIRECTOR' }]);
  });

  it('names file, line and field of a bad value', () => {
    const bad = write(
      'reporting.yaml',
      [
        'deadlines:',
        '  - { name: d, initialMinutes: 60, finalHours: 1 }',
        '  - { name: x, types: [NOPE], counties: [火星], followUp: { atTimes: ["25:00"] } }',
        'alerts: { dueSoonMinutes: 15, scanIntervalSeconds: 30, recipients: [{ body: HQ, role: OFFICE_DIRECTOR }] }',
        'reporterOffice: 办公室',
      ].join('\n'),
    );
    expect(() => readReportingConfig(bad, refs)).toThrow(/reporting\.yaml:3 deadlines\[1\]\.followUp/);
    const unknown = write(
      'reporting.yaml',
      [
        'deadlines:',
        '  - { name: d, initialMinutes: 60, finalHours: 1 }',
        '  - { name: x, types: [NOPE], counties: [火星] }',
        'alerts: { dueSoonMinutes: 15, scanIntervalSeconds: 30, recipients: [{ body: HQ, role: OFFICE_DIRECTOR }] }',
        'reporterOffice: 办公室',
      ].join('\n'),
    );
    const message = (() => {
      try {
        readReportingConfig(unknown, refs);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('must set followUp');
    expect(message).toContain('NOPE is not an incident type');
    expect(message).toContain('火星 is not a county');
  });
});

describe('config/confirmation-policies.yaml', () => {
  const rules = readActivationRules(join(CONFIG, 'activation-rules.yaml'));
  it('requires every commander and the office director from grade II, any one commander below', () => {
    const config = readConfirmationPolicies(join(CONFIG, 'confirmation-policies.yaml'), rules);
    expect(policyFor(config, 'TRAFFIC_ACCIDENT', 'II', true).requirements).toEqual([
      { body: 'POST', role: 'COMMANDER', need: 'ALL' },
      { body: 'POST', role: 'OFFICE_DIRECTOR', need: 1 },
    ]);
    expect(policyFor(config, 'TRAFFIC_ACCIDENT', 'III', true).requirements).toEqual([
      { body: 'POST', role: 'COMMANDER', need: 1 },
    ]);
    expect(policyFor(config, 'TRAFFIC_ACCIDENT', 'IV', false).requirements).toEqual([]);
  });
  it('refuses an unknown post, role or need with its line', () => {
    const bad = write(
      'confirmation-policies.yaml',
      [
        'default:',
        '  I: []',
        '  II: []',
        '  III: [{ body: POST, role: CHIEF, need: 0 }]',
        '  IV: []',
        'posts:',
        '  MARS: { I: [] }',
      ].join('\n'),
    );
    expect(() => readConfirmationPolicies(bad, rules)).toThrow(
      /confirmation-policies\.yaml:4 default\.III\[0\]\.role: unknown role "CHIEF"/,
    );
    const post = write(
      'confirmation-policies.yaml',
      ['default: { I: [], II: [], III: [], IV: [] }', 'posts:', '  MARS: { I: [] }'].join('\n'),
    );
    expect(() => readConfirmationPolicies(post, rules)).toThrow(
      /confirmation-policies\.yaml:3 posts\.MARS: MARS is not a post/,
    );
  });
});
