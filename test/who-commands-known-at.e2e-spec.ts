import { createTestApp, TestApp } from './support/test-app';

const WHO = `query($asOf: DateTime, $knownAt: DateTime) {
  whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III, asOf: $asOf, knownAt: $knownAt) {
    recipients { person { name } } post { deputyCommanders { person { name } } } } }`;

/** "Who would have been told of a 较大 coal-mine accident on 2020-07-15, as we knew it then?" */
describe('whoCommands knownAt', () => {
  let t: TestApp;
  let beforeRecording: string;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    beforeRecording = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Recorded today, effective since 2020-01-01 (a change learned of late).
    await t.query(`mutation($input: AppointInput!) { appoint(input: $input) { id } }`, {
      input: {
        positionTitle: '市应急管理局局长',
        personName: '测试甲',
        effectiveFrom: '2020-01-01',
        documentRef: '晋市政任〔2020〕1号',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** The recipients, checked against the post's deputy commanders in the same answer. */
  const names = async (variables: Record<string, string>) => {
    const { whoCommands } = await t.query(WHO, variables);
    const recipients = (whoCommands.recipients as Array<{ person: { name: string } }>).map((r) => r.person.name);
    const deputies = (whoCommands.post.deputyCommanders as Array<{ person: { name: string } }>).map(
      (s) => s.person.name,
    );
    expect(recipients).toEqual(expect.arrayContaining(deputies));
    return recipients;
  };

  it('names the holder the records now give for that date', async () => {
    expect(await names({ asOf: '2020-07-15' })).toContain('测试甲');
    expect(await names({ asOf: '2020-07-15' })).not.toContain('鲍瑞卿');
  });

  it('names the holder the records gave before the change was recorded', async () => {
    const then = await names({ asOf: '2020-07-15', knownAt: beforeRecording });
    expect(then).toContain('鲍瑞卿');
    expect(then).not.toContain('测试甲');
  });
});
