import { createHmac } from 'node:crypto';
import { maskIdDocument, maskPhone, normalizeIdDocumentNumber, phoneKey, type DisputeCase, type User } from '@tiaojie/domain';

/** What a viewer gets of a party's contact data: the handling grid worker keeps the phone (they must call). */
export interface Disclosure {
  phone: boolean;
  idNumber: boolean;
}

/** ID numbers are withheld from everyone (until revealed); phones from all but the grid worker handling the case. */
export function disclosureFor(viewer: Pick<User, 'role' | 'nodeId'>, c: Pick<DisputeCase, 'handlingNodeId'>): Disclosure {
  return { phone: viewer.role === 'grid_worker' && viewer.nodeId === c.handlingNodeId, idNumber: false };
}

/** Keyed hashes (HMAC-SHA256 under the server's hash key) of the normalised values: equal values, equal hashes. */
export const idHashOf = (hashKey: Buffer, idNumber: string) => keyedHash(hashKey, `id:${normalizeIdDocumentNumber(idNumber)}`);
export const phoneHashOf = (hashKey: Buffer, phone: string) => keyedHash(hashKey, `phone:${phoneKey(phone)}`);
/** A party name as searched: width-folded (NFKC) and without spaces, so '王 秀英' and '王秀英' are one name. */
export const normalizePartyName = (name: string) => name.normalize('NFKC').replace(/\s+/gu, '');
export const nameHashOf = (hashKey: Buffer, name: string) => keyedHash(hashKey, `name:${normalizePartyName(name)}`);
function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

type Personal = Record<string, unknown>;

/** The personal data as `d` lets the viewer see it: withheld values replaced by their masked form and keyed hash. */
export function disclosePersonal(personal: Personal, d: Disclosure, hashKey: Buffer): Personal {
  const out: Personal = { ...personal };
  const id = personal.idNumber;
  if (typeof id === 'string' && id) {
    out.idHash = idHashOf(hashKey, id);
    if (!d.idNumber) {
      delete out.idNumber;
      out.idNumberMasked = maskIdDocument(personal.idType as never, id);
    }
  }
  const phone = personal.phone;
  if (typeof phone === 'string' && phone) {
    out.phoneHash = phoneHashOf(hashKey, phone);
    if (!d.phone) {
      delete out.phone;
      out.phoneMasked = maskPhone(phone);
    }
  }
  return out;
}

function discloseParty(party: unknown, d: Disclosure, hashKey: Buffer): unknown {
  if (!party || typeof party !== 'object') return party;
  const p = party as { personal?: unknown };
  if (!p.personal || typeof p.personal !== 'object') return party;
  return { ...p, personal: disclosePersonal(p.personal as Personal, d, hashKey) };
}

/**
 * The case as it leaves the server for `viewer` (case reads, lists, pulls, push answers): parties and the two values
 * of conflicts on parties are disclosed by `disclosureFor`. Writes never see this form.
 */
export function discloseCase(c: DisputeCase, viewer: Pick<User, 'role' | 'nodeId'>, hashKey: Buffer): DisputeCase {
  const d = disclosureFor(viewer, c);
  const parties = Object.fromEntries(Object.entries(c.parties).map(([id, p]) => [id, discloseParty(p, d, hashKey)]));
  let conflicts = c.conflicts;
  for (const [id, k] of Object.entries(c.conflicts ?? {})) {
    if (!/^parties\.[^.]+$/.test(k.path)) continue;
    if (conflicts === c.conflicts) conflicts = { ...c.conflicts };
    conflicts[id] = { ...k, serverValue: discloseParty(k.serverValue, d, hashKey) as never, clientValue: discloseParty(k.clientValue, d, hashKey) as never };
  }
  return { ...c, parties: parties as DisputeCase['parties'], conflicts };
}

const disclosureKeys = ['idNumberMasked', 'idHash', 'phoneMasked', 'phoneHash'] as const;

/** The personal data as stored: the disclosure fields are answers only, never kept. */
export function storablePersonal(personal: unknown): unknown {
  if (!personal || typeof personal !== 'object') return personal;
  const p = personal as Personal;
  if (!disclosureKeys.some((k) => k in p)) return personal;
  const out = { ...p };
  for (const k of disclosureKeys) delete out[k];
  return out;
}

/**
 * An edit of a whole party from a device that saw it disclosed: a value it got withheld (it sends back the hash in
 * place of the value) keeps the stored value; anything else is the edit. Returns the changes to merge.
 */
export function restoreWithheld(changes: Record<string, unknown>, current: DisputeCase, hashKey: Buffer): Record<string, unknown> {
  let out = changes;
  for (const [path, value] of Object.entries(changes)) {
    const m = /^parties\.([^.]+)$/.exec(path);
    if (!m || !value || typeof value !== 'object') continue;
    const incoming = (value as { personal?: Personal }).personal;
    const stored = (current.parties[m[1]!] as { personal?: Personal } | undefined)?.personal;
    if (!incoming || typeof incoming !== 'object' || !stored) continue;
    const personal: Personal = { ...incoming };
    let changed = false;
    if (personal.idNumber === undefined && typeof stored.idNumber === 'string' && personal.idHash === idHashOf(hashKey, stored.idNumber)) {
      personal.idNumber = stored.idNumber;
      if (stored.idType !== undefined) personal.idType = stored.idType;
      changed = true;
    }
    if (personal.phone === undefined && typeof stored.phone === 'string' && personal.phoneHash === phoneHashOf(hashKey, stored.phone)) {
      personal.phone = stored.phone;
      changed = true;
    }
    if (!changed) continue;
    if (out === changes) out = { ...changes };
    out[path] = { ...(value as object), personal };
  }
  return out;
}
