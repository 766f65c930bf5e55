import { describe, expect, it } from 'vitest';
import { type AuditHashedFields, canonicalForm, canonicalJson, entryHash, GENESIS_HASH, sha256Hex } from './audit-canonical';
import { canonicalFormOfStored, isoMicros } from './audit-entry.row';

const FIELDS: AuditHashedFields = {
  position: 42,
  previousHash: GENESIS_HASH,
  occurredAt: '2026-11-28T03:04:05.120000Z',
  organizationId: '0193a000-0000-7000-8000-00000000000a',
  action: 'message.sent',
  actorUserId: '0193a000-0000-7000-8000-000000000001',
  actorDisplayName: 'デジタル "花子"\t\u0001',
  actorRoles: ['user', 'auditor'],
  actorOrganizationId: '0193a000-0000-7000-8000-00000000000a',
  sourceIp: '::ffff:192.0.2.1',
  sourceUserAgent: 'Mozilla/5.0 \\ 🦊',
  sourceApiKeyId: null,
  targetType: 'conversation',
  targetId: '0193a000-0000-7000-8000-0000000000c1',
  details: { modelId: 'echo', informationClass: 2, nested: { b: [1, 'x'], a: null } },
  messageSha256: sha256Hex('こんにちは'),
};

describe('audit canonical form', () => {
  it('is RFC 8785: members sorted by name, no whitespace, JSON.stringify strings and numbers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é\n'], A: { z: 0.5, y: -0 } })).toBe('{"A":{"y":0,"z":0.5},"a":[true,null,"é\\n"],"b":1}');
  });

  it('refuses values a verifier could not reproduce', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/finite/);
    expect(() => canonicalJson({ u: undefined } as never)).toThrow(/JSON/);
  });

  it('lists the format tag and the fields in the documented order', () => {
    expect(canonicalForm(FIELDS)).toBe(
      '["gennai-audit/1",42,"0000000000000000000000000000000000000000000000000000000000000000","2026-11-28T03:04:05.120000Z",' +
        '"0193a000-0000-7000-8000-00000000000a","message.sent","0193a000-0000-7000-8000-000000000001","デジタル \\"花子\\"\\t\\u0001",' +
        '["user","auditor"],"0193a000-0000-7000-8000-00000000000a","::ffff:192.0.2.1","Mozilla/5.0 \\\\ 🦊",null,"conversation",' +
        '"0193a000-0000-7000-8000-0000000000c1",{"informationClass":2,"modelId":"echo","nested":{"a":null,"b":[1,"x"]}},' +
        `"${sha256Hex('こんにちは')}"]`,
    );
  });

  it('hashes the UTF-8 bytes of the canonical form, so any changed field or link changes the hash', () => {
    const hash = entryHash(FIELDS);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(canonicalForm(FIELDS)));
    expect(entryHash({ ...FIELDS, actorDisplayName: 'デジタル "花子"\t\u0002' })).not.toBe(hash);
    expect(entryHash({ ...FIELDS, previousHash: '1'.repeat(64) })).not.toBe(hash);
    expect(entryHash({ ...FIELDS, details: { ...FIELDS.details, informationClass: 3 } })).not.toBe(hash);
  });

  it('is the same whether built from typed fields or from the text PostgreSQL stores', () => {
    const stored = [
      null,
      null,
      '2026-11-28 03:04:05.12+00',
      FIELDS.organizationId,
      FIELDS.action,
      FIELDS.actorUserId,
      FIELDS.actorDisplayName,
      canonicalJson(FIELDS.actorRoles),
      FIELDS.actorOrganizationId,
      FIELDS.sourceIp,
      FIELDS.sourceUserAgent,
      FIELDS.sourceApiKeyId,
      FIELDS.targetType,
      FIELDS.targetId,
      canonicalJson(FIELDS.details),
      FIELDS.messageSha256,
    ];
    expect(canonicalFormOfStored(stored, '42', GENESIS_HASH)).toBe(canonicalForm(FIELDS));
  });

  it('writes stored times in UTC with six fractional digits, as PostgreSQL keeps them', () => {
    expect(isoMicros('2026-11-28 03:04:05.123456+00')).toBe('2026-11-28T03:04:05.123456Z');
    expect(isoMicros('2026-11-28 03:04:05.1+00')).toBe('2026-11-28T03:04:05.100000Z');
    expect(isoMicros('2026-11-28 03:04:05+00')).toBe('2026-11-28T03:04:05.000000Z');
  });
});
