import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { demoTeam, signInWithEmail } from './helpers';

// Hostile content for the XSS specs. Every payload that could ever run sets window.__xss or opens a dialog;
// expectInert() fails on either, and on any element or attribute the payloads would have smuggled into the DOM.

export const teamKey = 'bw_live_demo-team-key-for-the-curl-walkthrough';
const auth = { Authorization: `Bearer ${teamKey}` };

/**
 * A plain-text field (title, label, reason, appeal, file name): React must show it verbatim, so the whole string
 * is expected on the page as literal text. It mixes a tag with an event handler, an attribute break-out, a
 * `</script>` that would end an inline JSON script early, and entities that must not be decoded twice.
 */
export function plainPayload(name: string): string {
  return `${name} <img src=x onerror="window.__xss=1"> "><svg onload=alert(2)> </script><script>window.__xss=3</script> &amp; &lt;b&gt;`;
}

/** Short payloads for labels and criteria (at most 100 characters, unique within a list). */
export const labelPayloads = [
  `<img src=x onerror=alert('L1')> L1`,
  `"><svg onload="window.__xss='L2'"> L2`,
  `</script><script>window.__xss='L3'</script> L3`,
];

/**
 * Requester markdown (instructions, item text, prompts, responses). Raw HTML is dropped by the renderer, so what
 * must be visible is the marker, the link texts, the inline-code literal and the decoded entity text.
 */
export function markdownPayload(name: string): string {
  return [
    `${name}-VISIBLE`,
    `<script>window.__xss='${name}-script'</script>`,
    `<img src=x onerror="window.__xss='${name}-img'">`,
    `<svg onload="window.__xss='${name}-svg'"></svg>`,
    `<iframe src="javascript:alert('${name}-iframe')"></iframe>`,
    `<details open ontoggle="window.__xss='${name}-details'">x</details>`,
    `<a href="javascript:window.__xss='${name}-a'">${name}-rawlink</a> [${name}-jslink](javascript:window.__xss='${name}-md') [${name}-entlink](jav&#x61;script:alert(1)) [${name}-datalink](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
    `![${name}-imgalt](javascript:alert('${name}-imgsrc'))`,
    `Code: \`<img src=x onerror=alert('${name}')>\` and &lt;b&gt;${name}-entity&lt;/b&gt;`,
  ].join('\n\n');
}

/** What a rendered markdownPayload must show as text. */
export function markdownVisibleTexts(name: string): string[] {
  return [`${name}-VISIBLE`, `${name}-jslink`, `${name}-rawlink`, `<img src=x onerror=alert('${name}')>`, `<b>${name}-entity</b>`];
}

/** Fails the test on any dialog (alert, confirm, prompt) the page opens; expectInert() reports them. */
export function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** Everything in the live DOM that a payload could have turned into running code, plus the sentinel. */
async function findActiveContent(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background']);
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        // Browsers ignore control characters and spaces inside a scheme: judge the value without them.
        // eslint-disable-next-line no-control-regex
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (name.startsWith('on')) found.push(`<${el.tagName.toLowerCase()} ${name}>`);
        if (name === 'srcdoc') found.push(`<${el.tagName.toLowerCase()} srcdoc>`);
        // React's own guard on server-action forms is the one javascript: URL allowed.
        const isReactFormGuard = name === 'action' && attr.value.startsWith("javascript:throw new Error('A React form was unexpectedly submitted.");
        if (urlAttributes.has(name) && /^(javascript|vbscript):/.test(value) && !isReactFormGuard) found.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}">`);
        if (urlAttributes.has(name) && value.startsWith('data:text/html')) found.push(`<${el.tagName.toLowerCase()} ${name}=data:text/html>`);
      }
    }
    for (const el of Array.from(document.querySelectorAll('iframe, object, embed, frame, base'))) found.push(`<${el.tagName.toLowerCase()}>`);
    // Next's own inline scripts carry the page data (including the hostile strings, escaped) as JSON inside
    // self.__next_f.push(...). A script holding a payload any other way means a </script> broke out of that JSON.
    for (const script of Array.from(document.querySelectorAll('script'))) {
      const text = script.textContent ?? '';
      if (/__xss|alert\(/.test(text) && !/^\s*\(?self\.__next_f/.test(text)) found.push(`<script>${text.slice(0, 80)}`);
    }
    return { sentinel: (window as unknown as { __xss?: unknown }).__xss ?? null, found };
  });
}

/** Asserts nothing hostile ran or was injected, and that each text is on the page (so the content was rendered). */
export async function expectInert(page: Page, dialogs: string[], visibleTexts: string[] = []) {
  await page.waitForLoadState('load');
  for (const text of visibleTexts) await expect(page.getByText(text, { exact: false }).filter({ visible: true }).first(), `"${text}" is shown as text`).toBeVisible();
  const result = await findActiveContent(page);
  expect(result.sentinel, `window.__xss on ${page.url()}`).toBeNull();
  expect(result.found, `active content on ${page.url()}`).toEqual([]);
  expect(dialogs, `dialogs on ${page.url()}`).toEqual([]);
}

export type HostileProject = { id: string; title: string; taskType: string };

/**
 * Creates, fills, funds and publishes one hostile project per task type through the team API (and the fund page,
 * paid by the demo wallet). Judgments stay PENDING (no auto-approval) so an admin can review them.
 */
export async function seedHostileProjects(request: APIRequestContext, browser: Browser, baseURL: string, run: string) {
  const md = markdownPayload;
  const specs = [
    {
      key: 'classify',
      taskType: 'CLASSIFICATION',
      typeConfig: { labels: labelPayloads },
      items: [{ id: 'c1', title: plainPayload('itemtitle'), text: md('classtext') }],
    },
    {
      key: 'pairwise',
      taskType: 'PAIRWISE',
      typeConfig: { criteria: labelPayloads, allowTie: true },
      items: [{ id: 'p1', prompt: md('pairprompt'), responses: [md('pairA'), md('pairB')] }],
    },
    {
      key: 'ranking',
      taskType: 'RANKING',
      typeConfig: {},
      items: [{ id: 'r1', prompt: md('rankprompt'), responses: [md('rank1'), md('rank2'), md('rank3')] }],
    },
    {
      key: 'rating',
      taskType: 'RATING',
      typeConfig: { scale: 5, criteria: labelPayloads, lowLabel: `<img src=x onerror=alert('low')> low`, highLabel: `"><svg onload=alert('high')> high` },
      items: [{ id: 'g1', prompt: md('rateprompt'), response: md('rateresponse') }],
    },
    {
      key: 'rewrite',
      taskType: 'WRITING',
      typeConfig: { mode: 'rewrite', minLength: 5, maxLength: 4000, guidelines: md('guidelines') },
      items: [{ id: 'w1', prompt: md('writeprompt'), draft: `draft </textarea><img src=x onerror=alert('draft')> "'><script>window.__xss='draft'</script>` }],
    },
  ];
  const projects: Record<string, HostileProject> = {};
  for (const spec of specs) {
    const title = plainPayload(`${spec.key}-${run}`);
    const created = await request.post('/api/v1/projects', {
      headers: auth,
      data: {
        title,
        instructions: md(`${spec.key}-instr`),
        taskType: spec.taskType,
        typeConfig: spec.typeConfig,
        rewardSats: 1,
        judgmentsPerItem: 1,
        autoApproveAfterHours: null,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;
    const lines = spec.items.map((item) => JSON.stringify(item)).join('\n') + '\n';
    const upload = await request.post(`/api/v1/projects/${id}/batches?fileName=${encodeURIComponent(hostileFileName)}`, {
      headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
      data: Buffer.from(lines),
    });
    expect(upload.status(), await upload.text()).toBe(201);
    expect(await upload.json(), `upload of ${spec.key}`).toMatchObject({ status: 'IMPORTED', importedRows: spec.items.length });
    projects[spec.key] = { id, title, taskType: spec.taskType };
  }
  await fundProjects(browser, baseURL, Object.values(projects).map((p) => p.id));
  for (const { id } of Object.values(projects)) {
    const published = await request.post(`/api/v1/projects/${id}/publish`, { headers: auth });
    expect(published.status(), await published.text()).toBe(200);
  }
  return projects;
}

export const hostileFileName = `<img src=x onerror=alert('file')>"'><svg onload=alert(1)>.jsonl`;

/** Funds each project with 1,000 sats from the fund page, paid by the demo wallet (a team session in its own context). */
async function fundProjects(browser: Browser, baseURL: string, projectIds: string[]) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInWithEmail(page, demoTeam);
  await page.waitForURL('**/team');
  for (const id of projectIds) {
    await page.goto(`/team/projects/${id}/fund`);
    await page.getByLabel('Amount (sats)').fill('1000');
    await page.getByRole('button', { name: 'Create invoice' }).click();
    await page.getByRole('button', { name: 'Pay with the demo wallet' }).click();
    await expect(page.getByTestId('deposit-status')).toHaveText('Paid — escrow credited with 1,000 sats', { timeout: 20_000 });
  }
  await context.close();
}

export const apiAuth = auth;
