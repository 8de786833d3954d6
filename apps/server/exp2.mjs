import SQLite from 'better-sqlite3';
const db = new SQLite(process.argv[2], { readonly: true });
const rare = "(abs(is_group) + abs(prev_disputes) + abs(prev_suicide) + abs(prev_suicide_people) + abs(prev_criminal) + abs(prev_criminal_people) + abs(prev_petition) + abs(prev_petition_people) + abs(prev_fight) + abs(prev_fight_people)) <> 0";
const when = { mediated: `outcome in ('success', 'failed')`, succeeded: `outcome = 'success'`, oral: `agreement_form = 'oral'`, written: `agreement_form = 'written'`, fulfilled: `agreement_form is not null and performance = 'fulfilled'`, partial: `agreement_form is not null and performance = 'partial'`, unfulfilled: `agreement_form is not null and performance = 'unfulfilled'`, courtApplied: `court_confirmation <> 'none'`, courtConfirmed: `court_confirmation = 'confirmed'` };
const inConc = `outcome is not null and concluded_month >= ? and concluded_month <= ?`;
for (const [col, id, lvl] of [['subdistrict_id', 's1', 'sub'], ['district_id', 'd1', 'district']]) for (const [f, t] of [['2023-01-01', '2023-12-31'], ['2023-04-01', '2023-06-30']]) {
  const fm = f.slice(0, 7), tm = t.slice(0, 7);
  const qs = {
    base: [`select committee_id, type, source, count(*) as n from cases where ${col} = ? and accepted_on >= ? and accepted_on <= ? and deleted = 0 group by committee_id, type, source`, [id, f, t]],
    main: [`select committee_id, type, source, sum(n), sum(parties), sum(multi_party), ${Object.values(when).map((w) => `sum(n) filter (where ${inConc} and ${w})`).join(', ')}, sum(amount) filter (where ${inConc}) from (select committee_id, type, source, substr(concluded_on, 1, 7) as concluded_month, outcome, agreement_form, performance, court_confirmation, count(*) as n, sum(party_count) as parties, count(*) filter (where party_count >= 3) as multi_party, sum(agreement_amount) as amount from cases where ${col} = ? and deleted = 0 and substr(accepted_on, 1, 7) >= ? and substr(accepted_on, 1, 7) <= ? and accepted_on >= ? and accepted_on <= ? group by substr(accepted_on, 1, 7), committee_id, type, source, substr(concluded_on, 1, 7), outcome, agreement_form, performance, court_confirmation) as months group by committee_id, type, source`,
      [...Array(10).fill([fm, tm]).flat(), id, fm, tm, f, t]],
    crossing: [`select committee_id, type, source, ${Object.values(when).map((w) => `sum(n) filter (where ${w})`).join(', ')}, sum(amount) from (select committee_id, type, source, outcome, agreement_form, performance, court_confirmation, count(*) as n, sum(agreement_amount) as amount from cases where ${col} = ? and deleted = 0 and outcome is not null and substr(accepted_on, 1, 7) <> substr(concluded_on, 1, 7) and substr(concluded_on, 1, 7) >= ? and substr(concluded_on, 1, 7) <= ? and concluded_on >= ? and concluded_on <= ? and (accepted_on < ? or accepted_on > ?) group by substr(concluded_on, 1, 7), committee_id, type, source, outcome, agreement_form, performance, court_confirmation) as months group by committee_id, type, source`, [id, fm, tm, f, t, f, t]],
    rare: [`select committee_id, type, source, sum(is_group) from cases indexed by cases_${lvl}_stats_rare where ${col} = ? and deleted = 0 and ${rare} and accepted_on >= ? and accepted_on <= ? group by committee_id, type, source`, [id, f, t]],
  };
  const out = [];
  for (const [k, [q, p]] of Object.entries(qs)) {
    const st = db.prepare(q);
    if (process.env.PLAN) console.log(k, db.prepare('explain query plan ' + q).all(...p).map((r) => r.detail).join(' | '));
    st.all(...p);
    const ts = [];
    for (let i = 0; i < 7; i++) { const t0 = performance.now(); st.all(...p); ts.push(performance.now() - t0); }
    out.push(`${k} ${ts.sort((a, b) => a - b)[3].toFixed(1)}`);
  }
  console.log(id, f, out.join(' | '));
}
