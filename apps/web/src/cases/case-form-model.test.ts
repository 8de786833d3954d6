import { describe, expect, it } from 'vitest';
import { newCaseSchema } from '@tiaojie/domain';
import { emptyCaseForm, formStateOfDraft, formToNewCase, isFormTouched, type CaseFormState } from './case-form-model.ts';

function filled(): CaseFormState {
  const f = emptyCaseForm('g01', new Date('2024-05-10T02:00:00Z'));
  f.type = 'neighbour';
  f.source = 'party_applied';
  f.risk = 'blue';
  f.facts = '楼上漏水，楼下要求赔偿';
  f.parties[0]!.name = '张三';
  f.parties[0]!.phone = '138 0013 8000';
  f.parties[1]!.name = '李四';
  return f;
}

describe('formToNewCase', () => {
  it('starts with no 案件来源 or 风险等级 chosen and refuses a case without them', () => {
    const f = emptyCaseForm('g01', new Date('2024-05-10T02:00:00Z'));
    expect([f.source, f.risk]).toEqual(['', '']);
    const quick = { ...f, type: 'neighbour', facts: '楼上漏水' };
    const r = formToNewCase(quick, 'zh-CN');
    expect(r.ok ? null : [r.errors.source, r.errors.risk]).toEqual(['必填', '必填']);
  });

  it('produces a NewCase the shared schema accepts, with unused party rows dropped', () => {
    const f = filled();
    f.parties.push({ ...f.parties[1]!, id: 'unused', name: '' });
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parsed = newCaseSchema.parse(r.value);
    expect(Object.values(parsed.parties).map((p) => p.personal.name)).toEqual(['张三', '李四']);
    expect(Object.values(parsed.parties)[0]!.personal.phone).toBe('13800138000');
    expect(parsed.gridId).toBe('g01');
    expect(parsed.acceptedOn).toBe('2024-05-10');
  });

  it('names each bad field in Chinese: type, facts, ID checksum, phone', () => {
    const f = filled();
    f.type = '';
    f.facts = '  ';
    f.parties[0]!.idNumber = '11010519491231002X'.replace(/X$/, '1');
    f.parties[1]!.phone = '12345';
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.type).toBe('必填');
    expect(r.errors.facts).toBe('必填');
    expect(r.errors['parties.0.idNumber']).toBe('身份证号校验位不正确，请核对');
    expect(r.errors['parties.1.phone']).toBe('电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）');
  });

  it('accepts a valid ID number and gives English messages when asked', () => {
    const f = filled();
    f.parties[0]!.idNumber = '11010519491231002x';
    expect(formToNewCase(f, 'zh-CN').ok).toBe(true);
    f.parties[1]!.phone = '999';
    const r = formToNewCase(f, 'en');
    expect(r.ok ? null : r.errors['parties.1.phone']).toBe('A phone is an 11-digit mobile (13 to 19), a landline with its area code (e.g. 010-84721234) or an international number with its country code (+44…)');
  });

  it('requires at least 5 people for a group dispute and a name for a party with details', () => {
    const f = filled();
    f.isGroup = true;
    f.peopleInvolved = '3';
    f.parties[1]!.name = '';
    f.parties[1]!.phone = '13900139000';
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok ? null : r.errors.peopleInvolved).toBe('群体性纠纷需填写涉及人数（至少5人）');
    expect(r.ok ? null : r.errors['parties.1.name']).toBe('必填');
  });

  it('rejects acceptance before the report date', () => {
    const f = filled();
    f.reportedOn = '2024-05-10';
    f.acceptedOn = '2024-05-09';
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok ? null : r.errors.acceptedOn).toBe('受理日期不能早于发现日期');
  });
});

describe('isFormTouched', () => {
  it('ignores the generated id and notices any typed value', () => {
    const a = emptyCaseForm('g01', new Date('2024-05-10T02:00:00Z'));
    const b = { ...emptyCaseForm('g01', new Date('2024-05-10T02:00:00Z')), parties: a.parties };
    expect(isFormTouched(b, a)).toBe(false);
    expect(isFormTouched({ ...b, facts: 'x' }, a)).toBe(true);
  });
});

describe('persons and organisations in the form', () => {
  it('sends an organisation without a person\'s fields typed before the kind was switched', () => {
    const f = filled();
    Object.assign(f.parties[1]!, {
      sex: 'male',
      age: '40',
      idNumber: '11010519491231002X',
      kind: 'organisation',
      name: '清河物业服务有限公司',
      creditCode: '91110105MA01ABCD13',
      contactName: '王经理',
      phone: '0571-8888888-123',
    });
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(newCaseSchema.parse(r.value).parties[f.parties[1]!.id]).toEqual({
      id: f.parties[1]!.id,
      role: 'respondent',
      kind: 'organisation',
      personal: { name: '清河物业服务有限公司', creditCode: '91110105MA01ABCD13', contactName: '王经理', phone: '0571-8888888-123' },
    });
  });
  it('names a wrong credit code under its field', () => {
    const f = filled();
    Object.assign(f.parties[1]!, { kind: 'organisation', creditCode: '91110105MA01ABCD14' });
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok ? null : r.errors['parties.1.creditCode']).toBe('统一社会信用代码校验位不正确，请核对');
  });
  it('reads a draft saved before parties had a kind or a document type as persons with a 居民身份证', () => {
    const f = filled();
    const old = { ...f, parties: f.parties.map(({ id, role, name, sex, age, idNumber, phone, address }) => ({ id, role, name, sex, age, idNumber, phone, address })) };
    const read = formStateOfDraft(old as CaseFormState);
    expect(read.parties[0]).toMatchObject({ name: '张三', kind: 'person', idType: 'resident_id', creditCode: '', contactName: '' });
    expect(formToNewCase(read, 'zh-CN').ok).toBe(true);
  });
});
