import { describe, expect, it } from 'vitest';
import { loadConfig, tileOrigin, tileTemplateProblem } from './config.js';

describe('map tile settings', () => {
  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}{r}.png', 'https://*.tile.example.org'],
    ['http://127.0.0.1:4272/tiles/{z}/{x}/{y}.png', 'http://127.0.0.1:4272'],
  ])('accepts %s and names its origin for the CSP', (template, origin) => {
    expect(tileTemplateProblem(template)).toBeNull();
    expect(tileOrigin(template)).toBe(origin);
  });

  it.each([
    ['ftp://tiles.example.org/{z}/{x}/{y}.png', 'http'],
    ['https://tiles.example.org/{z}/{x}.png', '{y}'],
    ['https://{z}.example.org/{x}/{y}.png', 'host'],
    ['https://a.{s}.example.org/{z}/{x}/{y}.png', 'host'],
    ['https://tiles.example.org/{z}/{x}/{y}.png?key={key}', 'placeholders'],
    ['https://user:secret@tiles.example.org/{z}/{x}/{y}.png', 'password'],
  ])('refuses %s at start, naming the variable', (template, words) => {
    expect(tileTemplateProblem(template)).toContain(words);
    expect(() => loadConfig({ MAP_TILE_URL: template })).toThrow(/MAP_TILE_URL/);
  });

  it('has no tiles by default and reads the centre as lat,lng', () => {
    const config = loadConfig({});
    expect(config.MAP_TILE_URL).toBeUndefined();
    expect(config.MAP_CENTER).toEqual({ lat: 37.545, lng: 126.99 });
    expect(loadConfig({ MAP_CENTER: '35.1, 129.04' }).MAP_CENTER).toEqual({ lat: 35.1, lng: 129.04 });
    expect(() => loadConfig({ MAP_CENTER: '129.04,35.1' })).toThrow(/MAP_CENTER/);
  });
});

describe('open-tender thresholds', () => {
  it('defaults to the demo city’s won ceilings and reads a deployment’s own', () => {
    expect(loadConfig({}).openTenderThresholds).toEqual({ currency: 'KRW', amounts: { works: 200_000_000, goods: 20_000_000, services: 20_000_000 } });
    expect(loadConfig({ OPEN_TENDER_THRESHOLDS: 'EUR:works=5538000,goods=143000,services=143000' }).openTenderThresholds)
      .toEqual({ currency: 'EUR', amounts: { works: 5_538_000, goods: 143_000, services: 143_000 } });
  });

  it.each(['KRW:works=1', 'krw:works=1,goods=2,services=3', 'KRW:works=1,goods=-2,services=3'])('refuses %s at start, naming the variable', (text) => {
    expect(() => loadConfig({ OPEN_TENDER_THRESHOLDS: text })).toThrow(/OPEN_TENDER_THRESHOLDS/);
  });
});
