import type { Locale } from './render.ts';

/**
 * Messages to the people who run a business (not its customers): password reset,
 * e-mail verification, team invitation. Kept apart from the booking copy, which
 * tenants may override; these they may not (a reset mail must say what it is).
 */
export type AccountMessage = 'passwordReset' | 'verifyEmail' | 'invitation';

export interface AccountFacts {
  /** The business the message is about (invitation) or the person's first one. */
  businessName: string;
  /** The one-time link. */
  url: string;
  /** Invitations: who invited, when known, and as what. */
  inviterName?: string | null;
  role?: string;
}

interface AccountCopy {
  subject: (facts: AccountFacts) => string;
  body: (facts: AccountFacts) => string[];
}

const en: Record<AccountMessage, AccountCopy> = {
  passwordReset: {
    subject: () => 'Reset your BookSprintz password',
    body: (f) => [
      'Someone (we hope you) asked to reset the password of your BookSprintz account.',
      `Choose a new password here; the link works once, for one hour:\n${f.url}`,
      'If it was not you, ignore this message: your password stays as it is.',
    ],
  },
  verifyEmail: {
    subject: (f) => `Confirm your e-mail address for ${f.businessName}`,
    body: (f) => [
      `Welcome to BookSprintz. Please confirm that this address is yours:\n${f.url}`,
      'Confirming is needed before payments and plan changes; bookings work already.',
    ],
  },
  invitation: {
    subject: (f) => `You are invited to ${f.businessName} on BookSprintz`,
    body: (f) => [
      `${f.inviterName ?? f.businessName} invited you to join ${f.businessName} as ${f.role ?? 'staff'}.`,
      `Accept and choose your password here (the link works for seven days):\n${f.url}`,
    ],
  },
};

const es: Record<AccountMessage, AccountCopy> = {
  passwordReset: {
    subject: () => 'Restablece tu contraseña de BookSprintz',
    body: (f) => [
      'Alguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de BookSprintz.',
      `Elige una nueva aquí; el enlace funciona una vez, durante una hora:\n${f.url}`,
      'Si no fuiste tú, ignora este mensaje: tu contraseña no cambia.',
    ],
  },
  verifyEmail: {
    subject: (f) => `Confirma tu correo para ${f.businessName}`,
    body: (f) => [
      `Bienvenido a BookSprintz. Confirma que esta dirección es tuya:\n${f.url}`,
      'La confirmación es necesaria antes de cobros y cambios de plan; las reservas ya funcionan.',
    ],
  },
  invitation: {
    subject: (f) => `Te invitan a ${f.businessName} en BookSprintz`,
    body: (f) => [
      `${f.inviterName ?? f.businessName} te invitó a unirte a ${f.businessName} (${f.role ?? 'staff'}).`,
      `Acepta y elige tu contraseña aquí (el enlace funciona siete días):\n${f.url}`,
    ],
  },
};

const fr: Record<AccountMessage, AccountCopy> = {
  passwordReset: {
    subject: () => 'Réinitialisez votre mot de passe BookSprintz',
    body: (f) => [
      'Quelqu’un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte BookSprintz.',
      `Choisissez-en un nouveau ici ; le lien fonctionne une fois, pendant une heure :\n${f.url}`,
      'Si ce n’était pas vous, ignorez ce message : votre mot de passe ne change pas.',
    ],
  },
  verifyEmail: {
    subject: (f) => `Confirmez votre adresse e-mail pour ${f.businessName}`,
    body: (f) => [
      `Bienvenue sur BookSprintz. Confirmez que cette adresse est la vôtre :\n${f.url}`,
      'La confirmation est nécessaire avant les paiements et les changements d’offre ; les réservations marchent déjà.',
    ],
  },
  invitation: {
    subject: (f) => `Invitation à rejoindre ${f.businessName} sur BookSprintz`,
    body: (f) => [
      `${f.inviterName ?? f.businessName} vous invite à rejoindre ${f.businessName} (${f.role ?? 'staff'}).`,
      `Acceptez et choisissez votre mot de passe ici (le lien fonctionne sept jours) :\n${f.url}`,
    ],
  },
};

const ACCOUNT_COPY: Record<Locale, Record<AccountMessage, AccountCopy>> = { en, es, fr };

export function renderAccountMessage(
  message: AccountMessage,
  facts: AccountFacts,
  locale: Locale,
): { subject: string; text: string } {
  const copy = ACCOUNT_COPY[locale][message];
  return {
    subject: copy.subject(facts),
    text: [...copy.body(facts), '— BookSprintz'].join('\n\n'),
  };
}
