import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, locationBody, serviceBody, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let tenant: TenantRef;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  tenant = await createTenant(api);
});

afterAll(async () => {
  await stack?.destroy();
});

const widgets = (suffix = '') => `/tenants/${tenant.id}/widgets${suffix}`;

async function embedHtml(widgetId: string): Promise<string> {
  const response = await api.get<{ widget_id: string; html: string }>(
    widgets(`/${widgetId}/embed-code`),
    tenant.key,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.widget_id).toBe(widgetId);
  return response.body.html;
}

describe('widgets', () => {
  it('creates, lists, reads, updates and deletes a widget', async () => {
    const created = await createVia(api, tenant, 'widgets', {
      name: 'Homepage',
      allowed_domains: ['salon.example', '*.salon.example', 'https://book.salon.example:8443'],
      theme: { primary_color: '#112233', radius: 8 },
    });
    expect(created).toMatchObject({
      name: 'Homepage',
      widget_type: 'inline',
      preselected_service_id: null,
      theme: { primary_color: '#112233', radius: 8 },
    });
    const list = await api.get<{ data: Array<{ id: string }> }>(widgets(), tenant.key);
    expect(list.body.data.map((w) => w.id)).toContain(created.id);
    const updated = await api.put(widgets(`/${created.id}`), { name: 'Footer' }, tenant.key);
    // Only the name changed: the domains and theme were not reset to defaults.
    expect(updated.body).toMatchObject({
      name: 'Footer',
      allowed_domains: created.allowed_domains,
      theme: created.theme,
    });
    expect((await api.delete(widgets(`/${created.id}`), tenant.key)).status).toBe(204);
    expectProblem(await api.get(widgets(`/${created.id}`), tenant.key), 404, 'not_found');
    expectProblem(await api.delete(widgets(`/${created.id}`), tenant.key), 404, 'not_found');
  });

  it('gives the inline snippet of WIDGET.md, with the request origin as HOST', async () => {
    const widget = await createVia(api, tenant, 'widgets', { name: 'Inline' });
    expect(await embedHtml(widget.id)).toBe(
      `<script type="module" src="${stack.url}/widget/v1/book-sprintz.js"></script>\n` +
        `<book-sprintz tenant="${tenant.slug}"></book-sprintz>`,
    );
  });

  it('puts preselections on the element as service / staff / location', async () => {
    const service = await createVia(api, tenant, 'services', serviceBody());
    const staff = await createVia(api, tenant, 'staff', { name: 'Ana' });
    const location = await createVia(api, tenant, 'locations', locationBody());
    const widget = await createVia(api, tenant, 'widgets', {
      name: 'Preselected',
      preselected_service_id: service.id,
      preselected_staff_id: staff.id,
      preselected_location_id: location.id,
    });
    expect(await embedHtml(widget.id)).toBe(
      `<script type="module" src="${stack.url}/widget/v1/book-sprintz.js"></script>\n` +
        `<book-sprintz tenant="${tenant.slug}" service="${service.id}" staff="${staff.id}" location="${location.id}"></book-sprintz>`,
    );
  });

  it.each(['popup', 'button'])(
    'gives the classic embed.js snippet for %s widgets',
    async (type) => {
      const widget = await createVia(api, tenant, 'widgets', { name: type, widget_type: type });
      expect(await embedHtml(widget.id)).toBe(
        `<script src="${stack.url}/widget/v1/embed.js" data-tenant="${tenant.slug}"\n` +
          `        data-mode="${type}" data-label="Book now" async></script>`,
      );
    },
  );

  it('takes the button label from the theme, escaped for the attribute', async () => {
    const staff = await createVia(api, tenant, 'staff', { name: 'Ben' });
    const widget = await createVia(api, tenant, 'widgets', {
      name: 'Labelled',
      widget_type: 'button',
      theme: { label: 'Book "now" & <save>' },
      preselected_staff_id: staff.id,
    });
    expect(await embedHtml(widget.id)).toBe(
      `<script src="${stack.url}/widget/v1/embed.js" data-tenant="${tenant.slug}"\n` +
        `        data-mode="button" data-label="Book &quot;now&quot; &amp; &lt;save&gt;" data-staff="${staff.id}" async></script>`,
    );
  });

  it("refuses preselections that are not this tenant's, naming the field", async () => {
    const other = await createTenant(api);
    const theirService = await createVia(api, other, 'services', serviceBody());
    const theirStaff = await createVia(api, other, 'staff', { name: 'X' });
    const problem = expectProblem(
      await api.post(
        widgets(),
        { name: 'Bad', preselected_service_id: theirService.id },
        tenant.key,
      ),
      400,
      'validation_failed',
    );
    expect(problem.errors?.[0]?.path).toBe('preselected_service_id');
    const widget = await createVia(api, tenant, 'widgets', { name: 'Ok' });
    const onUpdate = expectProblem(
      await api.put(widgets(`/${widget.id}`), { preselected_staff_id: theirStaff.id }, tenant.key),
      400,
      'validation_failed',
    );
    expect(onUpdate.errors?.[0]?.path).toBe('preselected_staff_id');
  });

  it.each([
    ['a bad domain', { allowed_domains: ['not a domain'] }, 'allowed_domains.0'],
    ['a bad type', { widget_type: 'modal' }, 'widget_type'],
    ['a huge theme value', { theme: { label: 'x'.repeat(501) } }, 'theme.label'],
  ])('rejects %s', async (_name, overrides, field) => {
    const problem = expectProblem(
      await api.post(widgets(), { name: 'W', ...overrides }, tenant.key),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });
});
