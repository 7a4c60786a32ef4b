/**
 * The component tests' fake API (test/fake-api.ts) holds itself to the shared contract:
 * an answer its schema refuses fails loudly instead of teaching the widget a wrong shape,
 * and a request body the API would refuse gets the API's 400.
 */
import { expect } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { BASE, FakeApi, ID } from '../../test/fake-api.ts';

const get = (api: FakeApi, path: string) => api.respond(new Request(`${BASE}${path}`));

describe('fake API', () => {
  it('answers ids that pass the contract’s own uuid rule', async () => {
    const api = new FakeApi(now);
    const staff = (await (await get(api, '/staff')).json()) as { data: { id: string }[] };
    expect(staff.data.map((s) => s.id)).to.deep.equal([ID.alex, ID.sam]);
  });

  it('refuses to give an answer that breaks the contract', async () => {
    const api = new FakeApi(now);
    api.staff[0]!.id = 'stf-alex';
    let error: unknown;
    const log = console.error;
    console.error = () => {};
    try {
      await get(api, '/staff');
    } catch (caught) {
      error = caught;
    } finally {
      console.error = log;
    }
    expect(String(error)).to.contain('breaks the contract').and.contain('id');
  });

  it('adds the lists `include` names to the profile, and refuses an unknown one with the API’s 400', async () => {
    const api = new FakeApi(now);
    const profile = (await (await get(api, '/?include=staff')).json()) as Record<string, unknown>;
    expect(Object.keys(profile)).to.include('staff').and.not.include('services');
    expect((await get(api, '/?include=bookings')).status).to.equal(400);
    api.profile.origin_allowed = false;
    const refused = (await (await get(api, '/?include=staff')).json()) as Record<string, unknown>;
    expect(Object.keys(refused)).to.not.include('staff');
  });

  it('answers a request body the API would refuse with its 400', async () => {
    const api = new FakeApi(now);
    const response = await api.respond(
      new Request(`${BASE}/holds`, {
        method: 'POST',
        body: JSON.stringify({ service_id: ID.haircut, start_time: 'tomorrow at noon' }),
      }),
    );
    expect(response.status).to.equal(400);
    const problem = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).to.equal('validation_failed');
    expect(problem.errors.map((e) => e.path)).to.deep.equal(['start_time']);
  });
});
