import { OperationNames, routeLabel } from './route-label';

describe('routeLabel', () => {
  it('keeps the service prefixes and never a token', () => {
    expect(routeLabel('/ack/abcdef0123456789')).toBe('/ack');
    expect(routeLabel('/graphql?x=1')).toBe('/graphql');
    expect(routeLabel('/health/ready')).toBe('/health');
  });

  it('folds the console and everything else', () => {
    expect(routeLabel('/')).toBe('static');
    expect(routeLabel('/assets/index-abc.js')).toBe('static');
    expect(routeLabel('/wp-admin/setup.php')).toBe('other');
  });
});

describe('OperationNames', () => {
  it('caps the number of distinct names and refuses odd ones', () => {
    const names = new OperationNames(2);
    expect(names.label('ReportIncident')).toBe('ReportIncident');
    expect(names.label('WhoCommands')).toBe('WhoCommands');
    expect(names.label('Third')).toBe('other');
    expect(names.label('ReportIncident')).toBe('ReportIncident');
    expect(names.label('drop table;')).toBe('other');
    expect(names.label(undefined)).toBe('anonymous');
  });
});
