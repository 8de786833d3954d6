import { addDays, toShanghaiDate, type ActivityKind, type User } from '@tiaojie/domain';
import type { MutationArgsInput, MutationName } from '@tiaojie/sync';
import type { Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { findUserByUsername } from '../auth/users.js';
import { applyMutation } from '../sync/index.js';
import { createDemoCaseStories, type DemoCaseStory } from './demo-cases.js';
import { demoCommitteeFor, seedDemoCommittees } from './demo-committees.js';
import { demoNodes } from './demo-org.js';

/**
 * Writes the demo stories through the same mutation path a phone's sync uses, so sequence, change log,
 * scope and report columns are exactly what real use produces.
 */
export async function applyDemoStories(store: Store, config: AppConfig, today = toShanghaiDate(new Date())): Promise<number> {
  const deps = { store, config };
  const users = new Map<string, User>();
  const nextId = new Map<string, number>();
  let rejected = 0;

  async function run<N extends MutationName>(username: string, name: N, args: MutationArgsInput[N]) {
    let user = users.get(username);
    if (!user) {
      const found = await findUserByUsername(store.db, username);
      if (!found) throw new Error(`demo user ${username} missing`);
      user = found.user;
      users.set(username, user);
    }
    const deviceId = `demo-seed-${username}`;
    const id = (nextId.get(deviceId) ?? 0) + 1;
    nextId.set(deviceId, id);
    const result = await applyMutation(deps, { user, tokenId: 'demo-seed', deviceId }, deviceId, {
      id,
      name,
      args,
      clientTime: new Date().toISOString(),
    });
    if (result.status !== 'applied') {
      rejected++;
      console.warn(`demo seed: ${name} by ${username} was ${result.status}: ${result.message ?? ''}`);
    }
  }

  await seedDemoCommittees(store);
  const stories = createDemoCaseStories(today);
  for (const story of stories) await applyStory(story, run);
  await applyDemoActivities(today, run);
  return stories.length - rejected;
}

const communityOf = (gridId: string) => demoNodes.find((n) => n.id === gridId)?.parentId ?? 'c1';

type Run = <N extends MutationName>(username: string, name: N, args: MutationArgsInput[N]) => Promise<void>;

async function applyStory(story: DemoCaseStory, run: Run) {
  await run(story.author, 'case.create', {
    case: {
      id: story.id,
      gridId: story.gridId,
      type: story.type,
      source: story.source,
      risk: story.risk,
      isGroup: story.isGroup,
      peopleInvolved: story.peopleInvolved,
      facts: story.facts,
      committeeId: demoCommitteeFor(story, communityOf),
      reportedOn: story.reportedOn,
      acceptedOn: story.acceptedOn,
      parties: Object.fromEntries(
        story.parties.map((p) => [
          p.id,
          p.organisation
            ? {
                id: p.id,
                role: p.role,
                kind: 'organisation' as const,
                personal: { name: p.name, ...p.organisation, ...(p.phone ? { phone: p.phone } : {}) },
              }
            : {
                id: p.id,
                role: p.role,
                sex: p.sex,
                age: p.age,
                personal: { name: p.name, ...(p.idNumber ? { idNumber: p.idNumber } : {}), ...(p.phone ? { phone: p.phone } : {}) },
              },
        ]),
      ),
    },
  });
  for (const s of story.sessions) {
    await run(story.author, 'case.edit', { caseId: story.id, changes: { [`sessions.${s.id}`]: s }, base: {} });
  }
  if (story.escalation) {
    const e = story.escalation;
    await run(e.by, 'case.transition', {
      caseId: story.id,
      action: 'escalate',
      payload: { escalationId: 'e1', toLevel: e.toLevel, reason: e.reason, date: e.date },
    });
  }
  if (story.outcome) {
    const o = story.outcome;
    const agreement =
      o.code !== 'success'
        ? null
        : {
            form: o.written ? ('written' as const) : ('oral' as const),
            content: o.written ? '' : '双方当场口头达成一致，网格员记录在案',
            signedOn: o.concludedOn,
            amount: o.amount,
            courtConfirmation: o.written && o.amount > 10_000 ? ('confirmed' as const) : ('none' as const),
            performance: 'fulfilled' as const,
          };
    await run(o.by, 'case.transition', {
      caseId: story.id,
      action: 'conclude',
      payload: {
        outcome: {
          code: o.code,
          concludedOn: o.concludedOn,
          resolvedLevel: o.resolvedLevel,
          body: o.body,
          ...(o.code === 'failed' ? { failedRoute: 'litigation' as const } : {}),
          notes: '',
        },
        agreement,
      },
    });
  }
  if (story.followUp) {
    const f = story.followUp;
    await run(story.outcome?.by ?? story.author, 'case.edit', {
      caseId: story.id,
      changes: {
        [`followUps.${f.id}`]: { ...f, performance: 'fulfilled', satisfaction: 'satisfied', residualRisk: false, notes: '回访双方，协议已履行' },
      },
      base: {},
    });
  }
}

const activityPlan: { kind: ActivityKind; who: string; nodeId: string; everyDays: number; title: string; participants: [number, number] }[] = [
  { kind: 'screening', who: 'grid01', nodeId: 'g01', everyDays: 14, title: '网格矛盾纠纷排查', participants: [0, 0] },
  { kind: 'screening', who: 'grid05', nodeId: 'g05', everyDays: 21, title: '网格矛盾纠纷排查', participants: [0, 0] },
  { kind: 'meeting', who: 'community01', nodeId: 'c1', everyDays: 7, title: '社区矛排会', participants: [6, 12] },
  { kind: 'meeting', who: 'street', nodeId: 's1', everyDays: 15, title: '街道矛盾纠纷研判会', participants: [10, 20] },
  { kind: 'training', who: 'street', nodeId: 's1', everyDays: 90, title: '人民调解员业务培训', participants: [30, 60] },
  { kind: 'publicity', who: 'community02', nodeId: 'c2', everyDays: 45, title: '民法典进社区普法宣传', participants: [40, 150] },
  { kind: 'consultation', who: 'community03', nodeId: 'c3', everyDays: 30, title: '法律顾问驻村咨询', participants: [3, 15] },
];

async function applyDemoActivities(today: string, run: Run) {
  let n = 0;
  const start = `${Number(today.slice(0, 4)) - 1}-01-03`;
  for (const plan of activityPlan) {
    for (let date = start; date <= today; date = addDays(date, plan.everyDays)) {
      n++;
      const [lo, hi] = plan.participants;
      await run(plan.who, 'activity.create', {
        activity: {
          id: `demo-act-${String(n).padStart(4, '0')}`,
          nodeId: plan.nodeId,
          kind: plan.kind,
          date,
          title: plan.title,
          participants: lo + ((n * 7) % (hi - lo + 1)),
          disputesFound: plan.kind === 'screening' || plan.kind === 'meeting' ? n % 3 : 0,
        },
      });
    }
  }
}
