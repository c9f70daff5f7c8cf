import { userPath } from './user-path.helper';

describe('userPath', () => {
  it('resolves from the folder npm was started in', () => {
    expect(userPath('../roster.yaml', { INIT_CWD: '/home/duty/work' })).toBe('/home/duty/roster.yaml');
    expect(userPath('/tmp/x.yaml', { INIT_CWD: '/home/duty' })).toBe('/tmp/x.yaml');
  });

  it('falls back to the working directory outside npm', () => {
    expect(userPath('x.yaml', {})).toBe(`${process.cwd()}/x.yaml`);
  });
});
