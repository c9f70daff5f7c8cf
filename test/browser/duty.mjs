// Browser checks of the 值班表 page (duty roster): run by run.mjs after its own checks, with its helpers.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** A screenshot in test/browser/screenshots/; a long month page on a busy machine may take a while. */
async function shot(page, name) {
  await page.waitForTimeout(300); // let animations settle
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, timeout: 90_000 });
}

/** A screenshot kept with the docs (docs/screenshots/), once it is looked at. */
async function docShot(page, name, fullPage = true) {
  mkdirSync(DOCS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage, timeout: 90_000 });
}

const HEADER = ['日期', '班次', '值班员', '带班领导', '联系电话'];
const YMD = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A month as an office keeps it: 白班 卢海建 / 李东升, 夜班 司国奇、李子荣 / 史小军; one night left empty. */
function monthRows(month, gap) {
  const rows = [];
  for (let date = `${month}-01`; date.startsWith(month); date = addDays(date, 1)) {
    rows.push([date, '白班', '卢海建', '李东升', '']);
    rows.push(date === gap ? [date, '夜班', '', '', ''] : [date, '夜班', '司国奇、李子荣', '史小军', '']);
  }
  return rows;
}

async function workbook(title, rows) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('值班表');
  sheet.addRow([title]);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const overflowOf = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Picks an option of the antd Select labelled `label` in the open dialog. */
async function choose(page, label, option, search = false) {
  const select = page.getByRole('dialog').getByLabel(label, { exact: true });
  await select.click();
  // Long lists are virtual: type to bring the option into view.
  if (search) await select.pressSequentially(option);
  await page
    .locator('.ant-select-dropdown .ant-select-item-option')
    .filter({ visible: true })
    .filter({ hasText: option })
    .first()
    .click();
}

export async function dutyChecks({ base, api, browser, signIn, check, expect, PHONE }) {
  const month = YMD.format(new Date()).slice(0, 7);
  const today = YMD.format(new Date());
  // Day 5 (day 6 when today is the 5th) for the swap, the next day for the absence, the 20th (or 21st) left empty.
  const day = today === `${month}-05` ? `${month}-06` : `${month}-05`;
  const next = addDays(day, 1);
  const gap = today === `${month}-20` ? `${month}-21` : `${month}-20`;
  const rows = monthRows(month, gap);
  const { page } = await browser();
  // The machine may be busy (browser tests run beside the Jest suites): give page loads a minute.
  page.setDefaultTimeout(60_000);
  await signIn(page, 'zhangwei');
  const shift = (date, code) => page.locator(`td[data-date="${date}"] [data-shift="${code}"]`);

  await check('值班表: a file with a bad row is refused, naming its row and column in Chinese', async () => {
    await page.goto(`${base}/duty?month=${month}`);
    await page.getByText(/尚未录入值班表/).waitFor();
    await page.getByRole('button', { name: '导入' }).click();
    const bad = rows.map((r) => [...r]);
    bad[4][2] = '张三丰'; // sheet row 7: title, header, then the rows from 3
    const csv = [HEADER, ...bad].map((r) => r.join(',')).join('\r\n');
    await page
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles({ name: `${month}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
    const errors = page.getByRole('table', { name: '导入错误' });
    // A CSV has no title row: the header is row 1, so rows[4] is sheet row 6.
    const row = errors.locator('tbody tr').filter({ hasText: '张三丰' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0] === '6' && cells[1] === 'C(值班员)', `row/column shown: ${JSON.stringify(cells)}`);
    expect(/张三丰 不在人员名录中/.test(cells[2]), `the problem is not in Chinese: ${cells[2]}`);
    await page.getByText(/表格有 1 处错误，未导入任何内容/).waitFor();
    expect(
      await page.getByRole('button', { name: '确认导入' }).isDisabled(),
      '确认导入 is enabled after a refused file',
    );
    await shot(page, '20-duty-import-error');
    const { dutyChanges } = await api(`{ dutyChanges { id } }`);
    expect(dutyChanges.length === 0, 'a refused file wrote a change');
  });

  await check('值班表: import a month (.xlsx), the month view shows its shifts and the gap as 缺岗', async () => {
    await page
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles({
        name: `${month}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await workbook('市应急管理局值班表', rows),
      });
    await page.getByText('导入后有 1 个班次缺岗').waitFor();
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText(/已导入 .*值班表/).waitFor();
    await shift(day, 'DAY').getByText('卢海建').waitFor();
    expect(await shift(day, 'DAY').getByText('李东升').isVisible(), `no 李东升 on ${day} 白班`);
    expect(await shift(day, 'NIGHT').getByText('司国奇').isVisible(), `no 司国奇 on ${day} 夜班`);
    expect(await shift(gap, 'NIGHT').getByText('缺岗').isVisible(), `${gap} 夜班 is not marked 缺岗`);
    expect((await page.getByTestId('gap-count').innerText()).includes('1'), 'the gap count is not 1');
    const { onDuty } = await api(`{ onDuty { leader { person { name } } officers { person { name } } } }`);
    const card = page.getByLabel('当前值班');
    if (onDuty.leader) await card.getByText(onDuty.leader.person.name).first().waitFor();
    else await card.getByText('缺岗').first().waitFor();
    await shot(page, '21-duty-month');
    await docShot(page, 'duty-month');
  });

  await check('值班表: a swap (换班) with its reason changes who is shown', async () => {
    await page.getByRole('button', { name: `${day} 白班 李东升` }).click();
    await page.getByRole('menuitem', { name: '换班…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('甲方日期').waitFor();
    await choose(page, '乙方班次', '夜班');
    await choose(page, '乙方人员', '史小军');
    await dialog.getByLabel('换班原因').fill('家中有事');
    await shot(page, '22-duty-swap');
    await page.getByRole('button', { name: '登记换班' }).click();
    await page.getByText('换班已登记').waitFor();
    await shift(day, 'DAY').getByText('史小军').waitFor();
    expect(await shift(day, 'NIGHT').getByText('李东升').isVisible(), `李东升 is not on ${day} 夜班`);
    expect((await shift(day, 'DAY').getByText('李东升').count()) === 0, `李东升 still on ${day} 白班`);
    await page.getByText('家中有事').first().waitFor(); // the change list shows the reason
  });

  await check('值班表: an absence (出差) puts the substitute on the shift', async () => {
    await page.getByRole('button', { name: `${next} 夜班 司国奇` }).click();
    await page.getByRole('menuitem', { name: '请假 / 出差…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('出差', { exact: true }).click();
    await choose(page, '代班人', '刘宇亮', true);
    await dialog.getByLabel('事由').fill('赴省应急厅参加培训');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText(/刘宇亮 代班 1 个班次/).waitFor();
    await shift(next, 'NIGHT').getByText('刘宇亮').waitFor();
    expect((await shift(next, 'NIGHT').getByText('司国奇').count()) === 0, `司国奇 still on ${next} 夜班`);
  });

  await check('值班表: export downloads the month as .xlsx and .csv in the import layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-export-'));
    for (const [label, ext] of [
      ['Excel 表格（.xlsx）', 'xlsx'],
      ['CSV 文件（.csv）', 'csv'],
    ]) {
      const item = page.getByRole('menuitem', { name: label });
      // Open the menu afresh each time: after a download it may still be closing (visible, not clickable).
      await page.keyboard.press('Escape');
      await item.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      await page.getByRole('button', { name: '导出' }).click();
      await item.waitFor({ state: 'visible' });
      const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
      expect(download.suggestedFilename() === `duty-HQ-${month}.${ext}`, `file ${download.suggestedFilename()}`);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      let lines;
      if (ext === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path);
        lines = [];
        wb.worksheets[0].eachRow((r) =>
          lines.push(
            r.values
              .slice(1)
              .map((v) => String(v ?? ''))
              .join(','),
          ),
        );
      } else {
        lines = readFileSync(path, 'utf8')
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/);
      }
      expect(
        lines.some((l) => l.startsWith(HEADER.slice(0, 4).join(','))),
        `${ext}: no header row`,
      );
      expect(
        lines.some((l) => l.startsWith(`${day},白班,卢海建,史小军`)),
        `${ext}: the swapped ${day} 白班 is missing: ${lines.slice(0, 4).join(' | ')}`,
      );
    }
  });

  await check('值班表: a calendar subscription link (.ics) for a person', async () => {
    await page.getByRole('button', { name: '日历订阅' }).click();
    // A choice made while the dropdown is still opening can be lost on a busy machine: choose again
    // until the button that needs a person is enabled (the choice, not a timing, is what is checked).
    const issueLink = page.getByRole('button', { name: '生成链接', disabled: false });
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await page.getByRole('dialog').getByLabel('订阅人员', { exact: true }).fill('');
      await choose(page, '订阅人员', '史小军', true);
      try {
        await issueLink.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await issueLink.click();
    const url = await page.getByTestId('calendar-url').innerText();
    const res = await fetch(url);
    const text = await res.text();
    expect(res.status === 200 && text.includes('BEGIN:VCALENDAR'), `the link answers ${res.status}`);
    expect(text.includes('带班领导'), 'the feed has no 带班领导 shift');
    await shot(page, '23-duty-calendar');
    await page.keyboard.press('Escape');
  });

  await check('值班表: a reader sees the month read-only', async () => {
    const { page: reader } = await browser();
    reader.setDefaultTimeout(60_000);
    await signIn(reader, 'reader1');
    await reader.getByRole('link', { name: '值班表' }).click();
    await reader.locator(`td[data-date="${day}"] [data-shift="DAY"]`).getByText('史小军').waitFor();
    await reader.getByRole('main').getByText('只读', { exact: true }).waitFor();
    for (const name of ['导入', '换班', '请假/出差', '日历订阅'])
      expect((await reader.getByRole('button', { name, exact: true }).count()) === 0, `the reader sees ${name}`);
    expect(
      (await reader.getByRole('button', { name: `${day} 白班 史小军` }).count()) === 0,
      'names are actions for the reader',
    );
    expect(await reader.getByRole('button', { name: '导出' }).isVisible(), 'the reader cannot export');
  });

  await check(
    '值班表: an impossible month in the address (2026-13, 2026-00) shows this month, as abc does',
    async () => {
      const crashes = [];
      const onError = (error) => crashes.push(String(error));
      page.on('pageerror', onError);
      try {
        const label = `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
        for (const asked of ['2026-13', '2026-99', '2026-00', 'abc']) {
          await page.goto(`${base}/duty?month=${asked}`);
          await page.locator(`td[data-date="${month}-01"]`).waitFor();
          const shown = await page.getByLabel('月份').inputValue();
          expect(shown === label, `?month=${asked} shows ${shown}, not ${label}`);
          expect(await page.getByRole('button', { name: '退出' }).isVisible(), `?month=${asked} lost the console`);
        }
        expect(crashes.length === 0, `the page threw: ${crashes.join('; ')}`);
        await shot(page, '23b-duty-impossible-month');
      } finally {
        page.off('pageerror', onError);
      }
    },
  );

  await check('值班表 on a phone (375 px): a list of days that fits the width', async () => {
    const { page: phone } = await browser(PHONE);
    phone.setDefaultTimeout(60_000);
    await signIn(phone, 'zhangwei');
    await phone.goto(`${base}/duty?month=${month}`);
    const item = phone.locator(`[role=listitem][data-date="${day}"]`);
    await item.getByText('史小军').waitFor();
    const overflow = await overflowOf(phone);
    expect(overflow <= 1, `the page is ${overflow} px wider than the phone`);
    await docShot(phone, 'duty-phone', false);
    await item.scrollIntoViewIfNeeded();
    await shot(phone, '24-phone-duty');
  });
}
