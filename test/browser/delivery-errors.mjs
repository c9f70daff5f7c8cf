// Browser check of a failed delivery on the incident page (issue 9): everyone sees the code's line, an
// admin also the detail behind it (DeliveryError.detail). Run by run.mjs with its helpers.

/**
 * One recipient of a grade-IV coal-mine incident is reachable only by a webhook on a private address,
 * which OUTBOUND_ALLOW does not list: the delivery fails with DESTINATION_NOT_ALLOWED.
 */
export async function deliveryErrorChecks({ base, api, browser, signIn, check, expect, page }) {
  await check(
    'a failed delivery: its code for a duty officer, and the detail behind it for an admin only',
    async () => {
      const { whoCommands } = await api(
        `{ whoCommands(incidentType: "COAL_MINE_SAFETY", severity: IV) { recipients { person { id name } } } }`,
      );
      const person = whoCommands.recipients.at(-1).person;
      const { person: held } = await api(
        `query($id: ID!) { person(id: $id) { contactMethods(activeOnly: true) { id } } }`,
        {
          id: person.id,
        },
      );
      for (const method of held.contactMethods ?? [])
        await api(`mutation($input: UpdateContactMethodInput!) { updateContactMethod(input: $input) { id } }`, {
          input: { id: method.id, active: false },
        });
      await api(`mutation($input: AddContactMethodInput!) { addContactMethod(input: $input) { id } }`, {
        input: { personId: person.id, kind: 'WEBHOOK', value: 'http://10.20.30.40/hook' },
      });
      const { reportIncident } = await api(
        `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
        { input: { incidentType: 'COAL_MINE_SAFETY', severity: 'IV', title: `投递失败-${Date.now().toString(36)}` } },
      );
      const id = reportIncident.id;
      const failedBy = Date.now() + 30_000;
      for (;;) {
        const { incident } = await api(
          `query($id: ID!) { incident(id: $id) { notifications { status person { id } lastFailure { code detail } } } }`,
          { id },
        );
        const n = incident.notifications.find((x) => x.person.id === person.id);
        if (n?.status === 'FAILED') {
          expect(n.lastFailure?.code === 'DESTINATION_NOT_ALLOWED', `failed with ${JSON.stringify(n.lastFailure)}`);
          expect(Boolean(n.lastFailure.detail), 'the failure has no detail to show');
          break;
        }
        expect(Date.now() < failedBy, `${person.name}'s notification is ${n?.status}, not FAILED`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const rowOf = (p) =>
        p.getByRole('table', { name: '领导确认情况' }).locator('tr.ant-table-row').filter({ hasText: person.name });

      // The duty officer (signed in on `page`): the code's line, no detail.
      await page.goto(`${base}/incidents/${id}`);
      const officerRow = rowOf(page);
      await officerRow.getByText(/DESTINATION_NOT_ALLOWED/).waitFor();
      expect((await officerRow.getByTestId('failure-detail').count()) === 0, 'a duty officer sees the detail');

      const { page: admin } = await browser();
      await signIn(admin, 'admin1');
      await admin.goto(`${base}/incidents/${id}`);
      const adminRow = rowOf(admin);
      await adminRow.getByText(/DESTINATION_NOT_ALLOWED/).waitFor();
      const detail = adminRow.getByTestId('failure-detail');
      await detail.waitFor();
      // A long detail is cut to one line with 详情 to expand it.
      const expand = detail.getByText('详情', { exact: true });
      if (await expand.count()) await expand.click();
      const text = await detail.innerText();
      expect(/详情：.*DESTINATION_NOT_ALLOWED|详情：webhook/.test(text), `the admin's detail reads ${text}`);
      expect(!text.includes('10.20.30.40'), `the detail names the address: ${text}`);
    },
  );
}
