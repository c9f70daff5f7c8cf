// Browser checks of what a tester found in the console: no raw code shown to a person (issue
// categories, audit results and operations, who made a change), the incident list's filters kept in
// the URL, the header's reason following 调整等级, and Enter picking a suggested type on 接报.
// Run by run.mjs with its helpers.

/** Calls /graphql as the user signed in on `page` (the session cookie), as the console does. */
async function asUser(page, query, variables = {}) {
  return page.evaluate(
    async ({ query, variables }) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    { query, variables },
  );
}

/** An upper-case code (INFERENCE_TO_CONFIRM, BAD_USER_INPUT, OK) or an actor as recorded (user:x). */
const RAW = /^(?:[A-Z][A-Z0-9_]{1,}|user:\S+|roster:import|first-start admin)$/;

export async function consoleLabelChecks({ base, api, browser, signIn, check, expect }) {
  const { page } = await browser();
  await signIn(page, 'zhangwei');
  const title = `标签检查-${Date.now().toString(36)}`;
  const reported = await asUser(
    page,
    `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
    { input: { incidentType: 'COAL_MINE_SAFETY', severity: 'IV', title, county: '泽州县' } },
  );
  const id = reported.data?.reportIncident?.id;
  // A refused change, so the audit log holds an error code.
  await asUser(page, `mutation($input: AppointInput!) { appoint(input: $input) { title } }`, {
    input: { positionTitle: '不存在的职务', personName: '某人' },
  });

  await check('codes in Chinese: roster issue categories, 最近变动 and the timeline name who acted', async () => {
    expect(id, 'the incident was not reported');
    await page.goto(`${base}/roster`);
    const issues = page.getByRole('table', { name: '待处理问题' });
    await issues.locator('tr.ant-table-row').first().waitFor();
    const seen = new Set();
    for (let i = 0; i < 30; i++) {
      for (const text of await issues.locator('tr.ant-table-row td:first-child').allInnerTexts()) seen.add(text.trim());
      const next = page.locator('.ant-pagination-next').first();
      if ((await next.getAttribute('aria-disabled')) === 'true') break;
      await next.click();
    }
    const raw = [...seen].filter((t) => RAW.test(t));
    expect(raw.length === 0, `raw issue categories shown: ${raw.join(', ')}`);
    expect(seen.has('职务待核实'), `INFERENCE_TO_CONFIRM not shown as 职务待核实: ${[...seen].join(', ')}`);
    const changes = page.getByRole('table', { name: '最近变动' });
    await changes.getByText('名录导入').first().waitFor();
    expect(!(await changes.getByText('roster:import').count()), '最近变动 shows roster:import');
    await page.goto(`${base}/incidents/${id}`);
    const actor = page.locator('[data-actor="user:zhangwei"]').first();
    await actor.waitFor();
    expect((await actor.innerText()).trim() === '用户 张伟', `the timeline names ${await actor.innerText()}`);
    expect(!(await page.getByText(/user:zhangwei/).count()), 'the page shows user:zhangwei');
  });

  await check('audit log: results, operations and actors in Chinese, the raw value in the tooltip', async () => {
    const { page: admin } = await browser();
    await signIn(admin, 'admin1');
    await admin.goto(`${base}/admin`);
    await admin.getByRole('tab', { name: '审计日志' }).click();
    const table = admin.locator('[role="tabpanel"]:visible table');
    await table.locator('[data-result="BAD_USER_INPUT"]').first().waitFor();
    expect(
      (await table.locator('[data-result="BAD_USER_INPUT"]').first().innerText()).trim() === '输入有误',
      'no 输入有误',
    );
    await table.getByRole('cell', { name: '任命', exact: true }).first().waitFor();
    await table.getByRole('cell', { name: '接报', exact: true }).first().waitFor();
    await table.getByRole('cell', { name: '用户 张伟', exact: true }).first().waitFor();
    const cells = (await table.locator('td').allInnerTexts()).map((t) => t.trim());
    const raw = cells.filter((t) => RAW.test(t) || /^[a-z]+[A-Z][A-Za-z]*$/.test(t));
    expect(raw.length === 0, `raw codes in the audit log: ${[...new Set(raw)].join(', ')}`);
  });

  await check('事件列表: the filters live in the URL, so Back and a reload keep them', async () => {
    await page.goto(`${base}/incidents`);
    await page.getByRole('table').locator('tr.ant-table-row').first().waitFor();
    const choose = async (label, option) => {
      await page.getByLabel(label, { exact: true }).click();
      await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    };
    await choose('状态', '全部状态');
    await choose('县（市、区）', '泽州县');
    await page.waitForURL(/status=all/);
    expect(/county=/.test(page.url()), `no county in ${page.url()}`);
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.waitForURL(/\/incidents\?/);
    const shown = async () => (await page.locator('.ant-select').allInnerTexts()).join(' ');
    for (const load of ['back', 'reload']) {
      if (load === 'reload') await page.reload();
      await page.getByRole('link', { name: title }).waitFor();
      const text = await shown();
      expect(text.includes('全部状态') && text.includes('泽州县'), `after ${load} the filters read: ${text}`);
    }
  });

  await check('调整等级 updates the reason in the header at once', async () => {
    await page.goto(`${base}/incidents/${id}`);
    await page.getByRole('button', { name: '调整等级' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Ⅲ级 较大').click();
    await dialog.getByLabel('原因').fill('核实后被困人数增加');
    await dialog.getByRole('button', { name: '调整' }).click();
    await page.getByText(/等级已调整/).waitFor();
    const { whoCommands } = await api(`{ whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III) { reason } }`);
    await page.getByText(whoCommands.reason, { exact: true }).first().waitFor({ timeout: 5_000 });
  });

  await check('接报: Enter on a suggested type picks it and submits nothing', async () => {
    const count = async () => (await api(`{ incidents(first: 100) { totalCount } }`)).incidents.totalCount;
    const before = await count();
    await page.goto(`${base}/report`);
    await page.getByLabel('事件描述').fill('某煤矿井下发生透水事故');
    const tag = page.getByLabel('建议的事件类型').getByRole('checkbox').first();
    await tag.waitFor();
    await page.getByLabel('事件标题').fill('回车选择类型');
    await tag.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        document.querySelector('[aria-label="建议的事件类型"] [role="checkbox"]')?.getAttribute('aria-checked') ===
        'true',
    );
    await page.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: /煤矿/ }).first().waitFor();
    await page.waitForTimeout(500);
    expect(page.url().endsWith('/report'), `left the report form for ${page.url()}`);
    expect((await count()) === before, 'Enter submitted a report');
  });
}
