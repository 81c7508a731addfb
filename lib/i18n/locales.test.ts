import { describe, expect, it } from 'vitest';
import { pickLocale } from './locales';

describe('pickLocale', () => {
  it('honours quality values and regional tags', () => {
    expect(pickLocale('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pickLocale('fr-FR,fr;q=0.9,en;q=0.5,es;q=0.7')).toBe('es');
    expect(pickLocale('de-DE')).toBe('en');
    expect(pickLocale(null)).toBe('en');
    expect(pickLocale('es;q=0')).toBe('en');
  });
});
