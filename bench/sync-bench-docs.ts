/**
 * The 1,000 documents both sync benchmarks send: the same JSON shape and size on both sides. `scattered`: ids in
 * no order of their saving, as the app's random UUIDs are (a bijective mix of i), instead of ascending.
 */
export function benchCaseDoc(i: number, prefix = 'bench', scattered = false) {
  const id = scattered ? `${prefix}-${(Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0')}` : `${prefix}-${String(i).padStart(5, '0')}`;
  return {
    id,
    gridId: 'g01',
    type: 'neighbour' as const,
    source: 'proactive' as const,
    facts: `楼上卫生间漏水导致楼下墙面受损,双方就维修费用发生争执(第${i}件)`,
    reportedOn: '2024-03-01',
    acceptedOn: '2024-03-02',
    parties: {
      p1: { id: 'p1', role: 'applicant' as const, sex: 'female' as const, age: 60, personal: { name: '王秀英', phone: '13800138000' } },
      p2: { id: 'p2', role: 'respondent' as const, sex: 'male' as const, age: 45, personal: { name: '李建国' } },
    },
  };
}

export function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
