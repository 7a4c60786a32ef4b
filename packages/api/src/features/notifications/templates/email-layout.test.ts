import { describe, expect, it } from 'vitest';
import type { EmailContent } from './email-content.ts';
import { emailHtml, plainTextHtml, textOn } from './email-layout.ts';

const content: EmailContent = {
  intro: 'Hi <script>alert(1)</script>, your booking is confirmed.',
  details: [
    { label: 'When', value: 'Monday, March 15, 2027 at 9:00 AM, Eastern Time (New York)' },
    { label: 'Notes', value: 'line one\nline "two" & <three>' },
    { label: 'Phone', value: 'sealed-ciphertext', sealed: true },
  ],
  actions: [
    {
      label: 'View, reschedule or cancel',
      url: 'https://book.example.com/manage/demo/a?token=t',
      primary: true,
    },
    { label: 'Evil', url: 'javascript:alert(1)' },
  ],
  calendar: {
    label: 'Add to calendar',
    links: [
      { label: 'Google Calendar', url: 'https://calendar.google.com/calendar/render?a=1&b=2' },
    ],
  },
  outro: 'See you soon.',
  signature: 'Salon <Lumière>',
  labelSeparator: ': ',
};

describe('emailHtml', () => {
  const html = emailHtml(
    content,
    { name: 'Salon <Lumière>', color: '#FDE047', logoUrl: 'https://cdn.example.com/logo.png' },
    'en',
  );

  it('is a table layout with inline styles and dark-mode metadata', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html.match(/<table role="presentation"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/display:\s*(flex|grid)/);
    // Every <td> and <a> carries its own style (clients drop <style>).
    for (const tag of html.match(/<(td|a|p)\b[^>]*>/g) ?? []) expect(tag).toContain('style=');
  });

  it('escapes everything people typed and links only http(s)', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('line one<br>line &quot;two&quot; &amp; &lt;three&gt;');
    expect(html).toContain('— Salon &lt;Lumière&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('sealed-ciphertext');
    expect(html).toContain('href="https://book.example.com/manage/demo/a?token=t"');
    expect(html).toContain('href="https://calendar.google.com/calendar/render?a=1&amp;b=2"');
  });

  it('shows the logo and colours, with readable text on a light brand colour', () => {
    expect(html).toContain(
      '<img src="https://cdn.example.com/logo.png" alt="Salon &lt;Lumière&gt;"',
    );
    expect(html).toContain('background:#FDE047');
    expect(textOn('#FDE047')).toBe('#111827');
    expect(textOn('#4F46E5')).toBe('#ffffff');
    const plain = emailHtml(content, { name: 'Spa', color: 'red;background:url(x)' }, 'en');
    expect(plain).toContain('background:#4F46E5');
    expect(plain).not.toContain('url(x)');
  });

  it('makes the links of a text-only message clickable, and only http(s) ones', () => {
    const page = plainTextHtml(
      'Reset your password: https://app.example.com/reset?t=a&b=1\njavascript:alert(1)',
      { name: 'BookSprintz', color: '#4F46E5' },
      'en',
    );
    expect(page).toContain('<a href="https://app.example.com/reset?t=a&amp;b=1"');
    expect(page).not.toContain('href="javascript');
  });
});
