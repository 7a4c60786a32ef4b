import type pg from 'pg';

/** Postgres plans as `EXPLAIN (FORMAT JSON)` and auto_explain's JSON give them. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The plan's nodes, the root first, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/**
 * What `run` returns, and the plan of every statement it sent on `client`, as Postgres
 * ran them (auto_explain, which ships with Postgres, with actual row counts): the
 * plans of the real functions, not of a copy of their SQL.
 */
export async function plansOf<T>(
  client: pg.Client,
  run: () => Promise<T>,
): Promise<{ result: T; plans: PlanNode[][] }> {
  await client.query(`LOAD 'auto_explain'`);
  for (const setting of [
    'auto_explain.log_min_duration = 0',
    'auto_explain.log_analyze = on',
    'auto_explain.log_format = json',
    'auto_explain.log_level = notice',
  ])
    await client.query(`SET ${setting}`);
  const plans: PlanNode[][] = [];
  const onNotice = (notice: { message?: string }) => {
    const json = notice.message?.slice(notice.message.indexOf('{'));
    if (json) plans.push(planNodes((JSON.parse(json) as { Plan: PlanNode }).Plan));
  };
  client.on('notice', onNotice);
  try {
    return { result: await run(), plans };
  } finally {
    client.off('notice', onNotice);
    await client.query('RESET auto_explain.log_min_duration');
  }
}
