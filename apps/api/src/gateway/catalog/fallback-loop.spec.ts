import { describe, expect, it } from 'vitest';
import { findFallbackLoop } from './fallback-loop';

const chains = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];

describe('findFallbackLoop', () => {
  it('finds no loop in a chain that ends', () => {
    expect(findFallbackLoop('plamo', chains({ plamo: ['elyza', 'demo'], elyza: ['demo'] }))).toBeNull();
  });

  it('names the models of a loop back to the model being saved', () => {
    expect(findFallbackLoop('plamo', chains({ plamo: ['elyza'], elyza: ['tsuzumi'], tsuzumi: ['plamo'] }))).toEqual(['plamo', 'elyza', 'tsuzumi', 'plamo']);
  });

  it('ignores a loop elsewhere that the model only leads into', () => {
    expect(findFallbackLoop('plamo', chains({ plamo: ['a'], a: ['b'], b: ['a'] }))).toBeNull();
  });
});
