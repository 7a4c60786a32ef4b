import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../db/schema/index.ts';
import { brandColor } from '../notifications/templates/email-layout.ts';
import { COPY } from '../notifications/templates/render.ts';
import { managePageHtml } from './manage-page-html.ts';
import type { ManageView } from './manage-view-model.ts';

const hostile = '</style><script>alert(1)</script>';

function view(overrides: Partial<ManageView> = {}): ManageView {
  return {
    locale: 'fr',
    t: COPY.fr.managePage,
    labels: COPY.fr.labels,
    brand: { name: `Salon ${hostile}`, color: brandColor(`red;}${hostile}`), logoUrl: null },
    appointment: {
      id: '6f1c4a52-0000-4000-8000-000000000001',
      status: 'confirmed',
      start_time: new Date('2027-03-15T00:00:00Z'),
      staff_id: 'a1',
      confirmation_code: 'K7M2Q9XD',
    } as Appointment,
    serviceName: `Coupe ${hostile}`,
    staffName: 'Alex',
    location: null,
    zone: 'Asia/Tokyo',
    businessZone: 'Europe/Paris',
    page: '/manage/demo/6f1c4a52-0000-4000-8000-000000000001',
    token: 'tok"en',
    links: {
      manage_url: 'https://book.example.com/manage/demo/x?token=t',
      calendar_url:
        'https://book.example.com/api/booking/v1/demo/appointments/x/calendar.ics?token=t',
      google_calendar_url: 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=a',
      outlook_calendar_url: 'https://outlook.live.com/calendar/0/action/compose?rru=addevent',
    },
    open: true,
    movable: true,
    notice: undefined,
    move: null,
    confirmMove: null,
    confirmCancel: false,
    ...overrides,
  };
}

describe('managePageHtml', () => {
  it('escapes what the business and customer typed, inside the page and its style', async () => {
    const page = String(await managePageHtml(view()));
    expect(page).not.toContain('<script');
    expect(page).toContain('Salon &lt;/style&gt;&lt;script&gt;');
    expect(page).toContain('--brand: #4F46E5;');
    // The token travels URL-encoded in the page's own links.
    expect(page).toContain('step=cancel');
    expect(page).toContain('token=tok%22en');
    expect(page).not.toContain('tok"en');
    expect(page).toContain(
      'href="https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=a"',
    );
  });

  it('writes one 24-hour clock in French with both zones by name', async () => {
    const page = String(await managePageHtml(view()));
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('lundi 15 mars 2027 à 09:00');
    expect(page).toContain('Heures affichées : heure normale du Japon (Tokyo)');
    expect(page).toContain('Sur place : 01:00, heure d’Europe centrale (Paris)');
    expect(page).not.toMatch(/UTC|GMT/);
  });

  it('has no calendar links and no actions for a cancelled appointment', async () => {
    const page = String(
      await managePageHtml(
        view({
          appointment: { ...view().appointment, status: 'cancelled' },
          open: false,
          movable: false,
        }),
      ),
    );
    expect(page).toMatch(/data-testid="status">Annulé</);
    expect(page).not.toMatch(/calendar\.google|outlook\.live|calendar\.ics|step=cancel/);
  });
});
