import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idDocumentTypes } from './codes.js';
import { ageOn, checkIdDocument, documentBirthFacts, maskIdDocument } from './identity-documents.js';
import { messageFor } from './errors.js';
import { idCardCheckChar } from './validators.js';

// Valid examples, their check characters computed with the GB 11643 MOD 11-2 rule (idCardCheckChar):
//   911156198501010012  2023 permanent-residence card from the issue (9, 11, 156, born 1985-01-01, check 2)
//   810000199002151235  Hong Kong resident's residence permit (check 5)
//   830000198003200026  Taiwan resident's residence permit (check 6)
const today = new Date('2026-12-07T00:00:00Z');

describe('document rules, one per type', () => {
  it('checks the examples\' check characters with the resident-ID rule itself', () => {
    expect(idCardCheckChar('91115619850101001')).toBe('2');
    expect(idCardCheckChar('81000019900215123')).toBe('5');
    expect(idCardCheckChar('83000019800320002')).toBe('6');
  });

  it('居民身份证: the resident ID rule, region 1–8', () => {
    expect(checkIdDocument('resident_id', '11010519491231002x', today)).toBeNull();
    expect(checkIdDocument('resident_id', '911156198501010012', today)).toBe('ID_REGION');
    expect(checkIdDocument('resident_id', '110105194912310021', today)).toBe('ID_CHECKSUM');
  });

  it('外国人永久居留身份证: the 2023 card (9…, MOD 11-2) and the older three letters and twelve digits', () => {
    expect(checkIdDocument('foreign_permanent', '911156198501010012', today)).toBeNull();
    expect(checkIdDocument('foreign_permanent', '9111 5619 8501 0100 12', today)).toBeNull();
    expect(checkIdDocument('foreign_permanent', '911156198501010013', today)).toBe('PR_CARD_CHECKSUM');
    expect(checkIdDocument('foreign_permanent', '911156198502300012', today)).toBe('PR_CARD_BIRTHDATE');
    expect(checkIdDocument('foreign_permanent', '11010519491231002X', today)).toBe('PR_CARD_FORMAT');
    expect(checkIdDocument('foreign_permanent', 'USA118501010012', today)).toBeNull();
    expect(checkIdDocument('foreign_permanent', 'usa118501010012', today)).toBeNull();
    expect(checkIdDocument('foreign_permanent', 'USA118513010012', today)).toBe('PR_CARD_BIRTHDATE');
    expect(checkIdDocument('foreign_permanent', 'US1118501010012', today)).toBe('PR_CARD_FORMAT');
    expect(checkIdDocument('foreign_permanent', 'USA11850101001', today)).toBe('PR_CARD_FORMAT');
  });

  it('港澳台居民居住证: 810000 / 820000 / 830000, then the resident-ID rules', () => {
    expect(checkIdDocument('hmt_residence', '810000199002151235', today)).toBeNull();
    expect(checkIdDocument('hmt_residence', '830000198003200026', today)).toBeNull();
    const macao = `82000020000229${'123'}`;
    expect(checkIdDocument('hmt_residence', macao + idCardCheckChar(macao), today)).toBeNull();
    expect(checkIdDocument('hmt_residence', '11010519491231002X', today)).toBe('HMT_PERMIT_PREFIX');
    expect(checkIdDocument('hmt_residence', '840000199002151235', today)).toBe('HMT_PERMIT_PREFIX');
    expect(checkIdDocument('hmt_residence', '810000199002151234', today)).toBe('HMT_PERMIT_CHECKSUM');
    const badDate = '81000019900230123';
    expect(checkIdDocument('hmt_residence', badDate + idCardCheckChar(badDate), today)).toBe('HMT_PERMIT_BIRTHDATE');
    expect(checkIdDocument('hmt_residence', '8100001990021512', today)).toBe('HMT_PERMIT_FORMAT');
  });

  it('港澳居民来往内地通行证: H or M and 8 or 10 digits', () => {
    expect(checkIdDocument('hkmo_pass', 'H12345678', today)).toBeNull();
    expect(checkIdDocument('hkmo_pass', 'm1234567890', today)).toBeNull();
    expect(checkIdDocument('hkmo_pass', 'H123456789', today)).toBe('HKMO_PASS_FORMAT');
    expect(checkIdDocument('hkmo_pass', 'K12345678', today)).toBe('HKMO_PASS_FORMAT');
  });

  it('台湾居民来往大陆通行证: 8 digits', () => {
    expect(checkIdDocument('tw_pass', '12345678', today)).toBeNull();
    expect(checkIdDocument('tw_pass', '1234567', today)).toBe('TW_PASS_FORMAT');
    expect(checkIdDocument('tw_pass', 'T1234567', today)).toBe('TW_PASS_FORMAT');
  });

  it('护照: letters and digits', () => {
    expect(checkIdDocument('passport', 'E12345678', today)).toBeNull();
    expect(checkIdDocument('passport', 'ea1234567', today)).toBeNull();
    expect(checkIdDocument('passport', 'ABCDEFGH', today)).toBe('PASSPORT_FORMAT');
    expect(checkIdDocument('passport', 'E1234-567', today)).toBe('PASSPORT_FORMAT');
    expect(checkIdDocument('passport', '1234', today)).toBe('PASSPORT_FORMAT');
  });

  it('其他: any number up to the limit', () => {
    expect(checkIdDocument('other', '军官证第12号', today)).toBeNull();
    expect(checkIdDocument('other', 'X'.repeat(31), today)).toBe('OTHER_DOC_FORMAT');
  });

  it('names the document type in every message', () => {
    const problems: [string, string][] = [
      ['foreign_permanent', '1'],
      ['hmt_residence', '1'],
      ['hkmo_pass', '1'],
      ['tw_pass', '1'],
      ['passport', '1'],
      ['resident_id', '1'],
    ];
    for (const [type, number] of problems) {
      const code = checkIdDocument(type as never, number, today)!;
      const label = idDocumentTypes.label(type as never).replace('居民身份证', '身份证');
      expect(messageFor(code), code).toContain(label.slice(0, 4));
    }
  });

  it('rejects every single-digit typo of the 2023 permanent-residence card', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const valid = '911156198501010012';
        const typo = valid.slice(0, pos) + ((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        expect(checkIdDocument('foreign_permanent', typo, today)).not.toBeNull();
      }),
    );
  });
});

describe('facts a document number carries', () => {
  it('reads birth date and sex from the resident ID, the HMT permit and the 2023 card', () => {
    expect(documentBirthFacts('resident_id', '11010519491231002X', today)).toEqual({ birthDate: '1949-12-31', sex: 'female' });
    expect(documentBirthFacts('foreign_permanent', '911156198501010012', today)).toEqual({ birthDate: '1985-01-01', sex: 'male' });
    expect(documentBirthFacts('hmt_residence', '810000199002151235', today)).toEqual({ birthDate: '1990-02-15', sex: 'male' });
  });
  it('reads nothing from other documents or from an invalid number', () => {
    expect(documentBirthFacts('foreign_permanent', 'USA118501010012', today)).toBeNull();
    expect(documentBirthFacts('passport', 'E12345678', today)).toBeNull();
    expect(documentBirthFacts('resident_id', '110105194912310021', today)).toBeNull();
  });
  it('counts whole years', () => {
    expect(ageOn('1985-01-01', '2026-12-07')).toBe(41);
    expect(ageOn('1985-12-08', '2026-12-07')).toBe(40);
    expect(ageOn('1985-12-07', '2026-12-07')).toBe(41);
  });
});

describe('masking', () => {
  it('hides the birth date of the 18-character numbers and keeps little of the others', () => {
    expect(maskIdDocument('resident_id', '11010519491231002X')).toBe('110105********002X');
    expect(maskIdDocument('foreign_permanent', '911156198501010012')).toBe('911156********0012');
    expect(maskIdDocument('hmt_residence', '810000199002151235')).toBe('810000********1235');
    expect(maskIdDocument('foreign_permanent', 'USA118501010012')).toBe('USA11******0012');
    expect(maskIdDocument('hkmo_pass', 'H12345678')).toBe('H*****678');
    expect(maskIdDocument('tw_pass', '12345678')).toBe('1****678');
    expect(maskIdDocument('passport', 'E12345678')).toBe('E*****678');
    expect(maskIdDocument('other', '1234')).toBe('****');
    expect(maskIdDocument(undefined, '11010519491231002X')).toBe('110105********002X');
  });
  it('never shows more than four characters of any number longer than eight', () => {
    fc.assert(
      fc.property(fc.constantFrom(...idDocumentTypes.codes), fc.stringMatching(/^[0-9A-Z]{9,30}$/), (type, number) => {
        const visible = [...maskIdDocument(type, number)].filter((c) => c !== '*').length;
        expect(visible).toBeLessThanOrEqual(10);
        expect(maskIdDocument(type, number)).toHaveLength(number.length);
        expect(maskIdDocument(type, number).slice(-3)).toBe(number.slice(-3));
      }),
    );
  });
});
