import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/index.js';

describe('redactUrl', () => {
  it.each([
    ['https://user:secret@registry.example/', 'https://***@registry.example/'],
    ['https://user:p@ss@registry.example/npm/', 'https://***@registry.example/npm/'],
    ['https://token@registry.example/@agents%2freviewer', 'https://***@registry.example/@agents%2freviewer'],
    ['https://registry.example/@agents%2freviewer', 'https://registry.example/@agents%2freviewer'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
