import SQLite from 'better-sqlite3';
const db = new SQLite(process.argv[2], { readonly: true });
const when = { mediated: `outcome in ('success', 'failed')`, succeeded: `outcome = 'success'`, oral: `agreement_form = 'oral'`, written: `agreement_form = 'written'`, fulfilled: `agreement_form is not null and performance = 'fulfilled'`, partial: `agreement_form is not null and performance = 'partial'`, unfulfilled: `agreement_form is not null and performance = 'unfulfilled'`, courtApplied: `court_confirmation <> 'none'`, courtConfirmed: `court_confirmation = 'confirmed'` };
const cin = `concluded_on >= ? and concluded_on <= ?`;
for (const [col, id] of [['district_id', 'd1']]) for (const [f, t] of [['2023-04-01', '2023-06-30'], ['2023-01-01', '2023-12-31']]) {
  const fm = f.slice(0, 7), tm = t.slice(0, 7);
  const where = `from cases where ${col} = ? and deleted = 0 and substr(accepted_on, 1, 7) >= ? and substr(accepted_on, 1, 7) <= ? and accepted_on >= ? and accepted_on <= ?`;
  const w = [id, fm, tm, f, t];
  const qs = {
    base: [`select committee_id, type, source, count(*) as n from cases where ${col} = ? and accepted_on >= ? and accepted_on <= ? and deleted = 0 group by committee_id, type, source`, [id, f, t]],
    acc3: [`select committee_id, type, source, sum(n), sum(parties), sum(multi_party) from (select committee_id, type, source, count(*) as n, sum(party_count) as parties, count(*) filter (where party_count >= 3) as multi_party ${where} group by substr(accepted_on, 1, 7), committee_id, type, source) as months group by committee_id, type, source`, w],
    v6: [`select committee_id, type, source, sum(n), sum(parties), sum(multi_party), ${Object.values(when).map((w) => `sum(nc) filter (where ${w})`).join(', ')}, sum(amount) from (select committee_id, type, source, outcome, agreement_form, performance, court_confirmation, count(*) as n, sum(party_count) as parties, count(*) filter (where party_count >= 3) as multi_party, count(*) filter (where ${cin}) as nc, sum(agreement_amount) filter (where ${cin}) as amount ${where} group by substr(accepted_on, 1, 7), committee_id, type, source, outcome, agreement_form, performance, court_confirmation) as months group by committee_id, type, source`, [f, t, f, t, ...w]],
  };
  const ts = {};
  for (const [k, [q, p]] of Object.entries(qs)) { ts[k] = []; console.log(k, db.prepare('explain query plan ' + q).all(...p).map((r) => r.detail).join(' | ')); }
  for (let i = 0; i < 9; i++) for (const [k, [q, p]] of Object.entries(qs)) { const st = db.prepare(q); const t0 = performance.now(); st.all(...p); ts[k].push(performance.now() - t0); }
  console.log(id, f, Object.entries(ts).map(([k, v]) => `${k} ${v.sort((a, b) => a - b)[4].toFixed(1)}`).join(' | '));
}
