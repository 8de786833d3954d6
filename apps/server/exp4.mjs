import SQLite from 'better-sqlite3';
const db = new SQLite(process.argv[2], { readonly: true });
const cin = `concluded_on >= ? and concluded_on <= ?`;
for (const [col, id] of [['district_id', 'd1']]) for (const [f, t] of [['2023-04-01', '2023-06-30']]) {
  const fm = f.slice(0, 7), tm = t.slice(0, 7);
  const where = `from cases where ${col} = ? and deleted = 0 and substr(accepted_on, 1, 7) >= ? and substr(accepted_on, 1, 7) <= ? and accepted_on >= ? and accepted_on <= ?`;
  const w = [id, fm, tm, f, t];
  const qs = {
    base: [`select committee_id, type, source, count(*) as n from cases where ${col} = ? and accepted_on >= ? and accepted_on <= ? and deleted = 0 group by committee_id, type, source`, [id, f, t]],
    acc3: [`select committee_id, type, source, sum(n), sum(parties), sum(multi_party) from (select committee_id, type, source, count(*) as n, sum(party_count) as parties, count(*) filter (where party_count >= 3) as multi_party ${where} group by substr(accepted_on, 1, 7), committee_id, type, source) as months group by committee_id, type, source`, w],
    count1: [`select committee_id, type, source, sum(n) from (select committee_id, type, source, count(*) as n ${where} group by substr(accepted_on, 1, 7), committee_id, type, source) as months group by committee_id, type, source`, w],
    inneronly: [`select substr(accepted_on,1,7) m, committee_id, type, source, count(*) as n ${where} group by substr(accepted_on, 1, 7), committee_id, type, source`, w],
    scanonly: [`select count(*) ${where}`, w],
    scanonlycols: [`select count(*), sum(length(committee_id)+length(type)+length(source)) ${where}`, w],
    packed: [`select committee_id, type, source, sum(n), sum(a), sum(b), sum(c), sum(d) from (select committee_id, type, source, count(*) as n,
       sum(party_count + (party_count >= 3) * 1048576 * 1048576) as a,
       sum(case when ${cin} and outcome is not null then (outcome in ('success','failed')) + (outcome = 'success') * 1048576 + (agreement_form = 'oral') * 1048576 * 1048576 else 0 end) as b,
       sum(case when ${cin} and outcome is not null then (agreement_form = 'written') + (agreement_form is not null and performance = 'fulfilled') * 1048576 + (agreement_form is not null and performance = 'partial') * 1048576 * 1048576 else 0 end) as c,
       sum(case when ${cin} and outcome is not null then (agreement_form is not null and performance = 'unfulfilled') + (court_confirmation <> 'none') * 1048576 + (court_confirmation = 'confirmed') * 1048576 * 1048576 else 0 end) as d,
       sum(case when ${cin} and outcome is not null then agreement_amount else 0 end) as e
       ${where} group by substr(accepted_on, 1, 7), committee_id, type, source) as months group by committee_id, type, source`, [f, t, f, t, f, t, f, t, ...w]],
  };
  const ts = {};
  for (const [k, [q, p]] of Object.entries(qs)) { ts[k] = []; console.log(k, db.prepare(q).all(...p).length); }
  for (let i = 0; i < 9; i++) for (const [k, [q, p]] of Object.entries(qs)) { const st = db.prepare(q); const t0 = performance.now(); st.all(...p); ts[k].push(performance.now() - t0); }
  console.log(id, f, Object.entries(ts).map(([k, v]) => `${k} ${v.sort((a, b) => a - b)[4].toFixed(1)}`).join(' | '));
}
