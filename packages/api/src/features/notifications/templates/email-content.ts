/**
 * What one e-mail says, independent of its form: the text part and the HTML layout are
 * both made from it, so they never disagree. Stored in the outbox row's payload.
 */
export interface EmailContent {
  intro: string;
  /** Label and value rows ("When", "Where"…). */
  details: Array<{
    label: string;
    value: string;
    /** The value is encrypted at rest (a phone number): the sender opens it. */
    sealed?: boolean;
  }>;
  /** Buttons: the manage page first. */
  actions: Array<{ label: string; url: string; primary?: boolean }>;
  /** "Add to calendar": Google, Outlook, the .ics file. */
  calendar: { label: string; links: Array<{ label: string; url: string }> } | null;
  outro: string | null;
  /** "— Salon Lumière" under the message; null for messages from BookSprintz itself. */
  signature: string | null;
  /** Between a label and its value: French sets a space before the colon. */
  labelSeparator: string;
}

/** The plain-text part: every fact and every link, readable in any client. */
export function emailText(content: EmailContent): string {
  const sep = content.labelSeparator;
  const lines = [content.intro, ''];
  for (const { label, value, sealed } of content.details) {
    if (!sealed) lines.push(`${label}${sep}${value}`);
  }
  if (content.actions.length) {
    lines.push('');
    for (const action of content.actions) lines.push(`${action.label}${sep}${action.url}`);
  }
  if (content.calendar) {
    lines.push('', `${content.calendar.label}${sep.trimEnd()}`);
    for (const link of content.calendar.links) lines.push(`  ${link.label}${sep}${link.url}`);
  }
  if (content.outro) lines.push('', content.outro);
  if (content.signature) lines.push('', `— ${content.signature}`);
  return lines.join('\n');
}

/** Opens sealed details with `open`; a value that cannot be opened is left out. */
export async function unsealContent(
  content: EmailContent,
  open: (sealed: string) => Promise<string>,
): Promise<EmailContent> {
  const details: EmailContent['details'] = [];
  for (const detail of content.details) {
    if (!detail.sealed) {
      details.push(detail);
      continue;
    }
    const value = await open(detail.value).catch(() => null);
    if (value) details.push({ label: detail.label, value });
  }
  return { ...content, details };
}
