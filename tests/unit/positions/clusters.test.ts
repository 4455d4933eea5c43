/** Normalizing phrases and grouping them into clusters, with WB's normquery winning where it is known. */
import { describe, expect, it } from 'vitest';
import { clusterKey, clusterPhrases, normalizePhrase } from '../../../lib/positions/clusters';

describe('normalizePhrase', () => {
  it.each([
    ['  Платье   ЛЕТНЕЕ ', 'платье летнее'],
    ['Чёрный свитер', 'черный свитер'],
    ['ЁЛКА искусственная', 'елка искусственная'],
    ['е\u0308лка', 'елка'], // «ё» written as «е» + a combining diaeresis
    ['кросс-боди сумка', 'кросс боди сумка'],
    ['футболка, оверсайз!', 'футболка оверсайз'],
    ['фен «Dyson» 5-в-1', 'фен dyson 5 в 1'],
    ['платье\u00a0летнее\tмиди', 'платье летнее миди'],
    ['чехол iPhone 15 Pro', 'чехол iphone 15 pro'],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizePhrase(input)).toBe(expected);
  });
});

describe('clusterKey', () => {
  it.each([
    ['летнее платье', 'летнее платье'],
    ['Платье летнее', 'летнее платье'],
    ['платье, летнее', 'летнее платье'],
    ['платье платье летнее', 'летнее платье'],
    ['платья летние', 'летние платья'], // word forms stay apart: only WB's normquery merges them
  ])('%j → %j', (input, expected) => {
    expect(clusterKey(input)).toBe(expected);
  });
});

describe('clusterPhrases', () => {
  it('groups by our key when WB gave no normquery; repeats (same normalized text) are dropped', () => {
    const clusters = clusterPhrases([
      { phrase: 'платье летнее' },
      { phrase: 'Летнее платье' },
      { phrase: 'сарафан' },
      { phrase: 'платье летнее!' },
      { phrase: '   ' },
    ]);
    expect(clusters).toEqual([
      {
        key: 'летнее платье',
        label: 'платье летнее',
        normQuery: null,
        phrases: ['платье летнее', 'Летнее платье'],
        source: 'local',
      },
      { key: 'сарафан', label: 'сарафан', normQuery: null, phrases: ['сарафан'], source: 'local' },
    ]);
  });

  it('WB’s normquery wins, and carries over to word-order variants of the same phrase', () => {
    const clusters = clusterPhrases([
      { phrase: 'оверсайз футболки' },
      { phrase: 'футболки оверсайз', normQuery: 'футболка оверсайз' },
      { phrase: 'футболка оверсайз' },
      { phrase: 'футболки базовые' },
    ]);
    expect(clusters).toEqual([
      {
        key: 'оверсайз футболка',
        label: 'футболка оверсайз',
        normQuery: 'футболка оверсайз',
        phrases: ['оверсайз футболки', 'футболки оверсайз', 'футболка оверсайз'],
        source: 'wb',
      },
      {
        key: 'базовые футболки',
        label: 'футболки базовые',
        normQuery: null,
        phrases: ['футболки базовые'],
        source: 'local',
      },
    ]);
  });

  it('two different normqueries stay two clusters', () => {
    const clusters = clusterPhrases([
      { phrase: 'кружка с надписью', normQuery: 'кружка с надписью' },
      { phrase: 'кружка надпись', normQuery: 'кружка с надписью' },
      { phrase: 'термокружка', normQuery: 'термокружка' },
    ]);
    expect(clusters.map((c) => [c.label, c.phrases])).toEqual([
      ['кружка с надписью', ['кружка с надписью', 'кружка надпись']],
      ['термокружка', ['термокружка']],
    ]);
  });

  it('«ё» and «е» are one cluster', () => {
    const clusters = clusterPhrases([{ phrase: 'футболки чёрный' }, { phrase: 'футболки черный' }]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.phrases).toEqual(['футболки чёрный']);
  });
});
