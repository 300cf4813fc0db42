import { describe, expect, it } from 'vitest';
import { conflictMatches, isRegistrationField, normaliseParty, type PartyField } from './conflicts.js';

describe('normaliseParty', () => {
  it.each<[PartyField, string, string | null]>([
    ['name', '주식회사 한빛건설', '한빛건설'],
    ['name', '(주)한빛건설', '한빛건설'],
    ['name', '㈜ 한빛 건설', '한빛건설'],
    ['name', 'Hanbit  Construction Co., Ltd.', 'hanbitconstruction'],
    ['name', 'HANBIT CONSTRUCTION LTD', 'hanbitconstruction'],
    ['name', 'Ｈａｎｂｉｔ Construction', 'hanbitconstruction'],
    ['name', '김 민 준', '김민준'],
    ['name', 'Princeton Incorporated', 'princeton'],
    ['name', 'Corporal Ltd', 'corporal'],
    ['name', '(주)', null],
    ['name', '', null],
    ['registration', '123-45-67890', '1234567890'],
    ['registration', '１２３ ４５ ６７８９０', '1234567890'],
    ['address', '  서울특별시 강남구,  테헤란로 12 ', '서울특별시 강남구 테헤란로 12'],
    ['parcel', '1168010100-1-0123', '116801010010123'],
  ])('%s %j → %j', (field, value, expected) => {
    expect(normaliseParty(field, value)).toBe(expected);
  });

  it('bounds its work by cutting very long input', () => {
    expect(normaliseParty('name', 'a'.repeat(1_000_000))!.length).toBe(300);
  });
});

describe('conflictMatches', () => {
  const parties = { names: ['n1'], registrations: ['r1'], addresses: ['a1'], parcels: ['p1'] };
  it.each<[string, Parameters<typeof conflictMatches>[0], PartyField[]]>([
    ['nothing declared matches nothing', { name: null, registration: null, address: null, parcel: null }, []],
    ['the name', { name: 'n1', registration: 'rX', address: null, parcel: null }, ['name']],
    ['the registration number alone', { name: 'nX', registration: 'r1', address: null, parcel: null }, ['registration']],
    ['a neighbour by address and parcel', { name: null, registration: null, address: 'a1', parcel: 'p1' }, ['address', 'parcel']],
  ])('%s', (_n, declared, expected) => {
    expect(conflictMatches(declared, parties)).toEqual(expected);
  });
});

describe('isRegistrationField', () => {
  it.each([['business_no', true], ['corp_registration', true], ['registration_number', true], ['floor_area', false], ['notes', false]])('%s', (key, expected) => {
    expect(isRegistrationField(key as string)).toBe(expected);
  });
});
