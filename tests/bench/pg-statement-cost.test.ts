import { describe, expect, it } from 'vitest';
import { statementCosts } from './pg-statement-cost.ts';

/** Lines as Postgres 18 logs them with `log_statement_stats = on` (abridged). */
const LOG = `[postgres] 2026-12-04 20:07:20.918 UTC [27844] LOG:  BIND MESSAGE STATISTICS
2026-12-04 20:07:20.918 UTC [27844] DETAIL:  ! system usage stats:
	!	0.000300 s user, 0.000100 s system, 0.000596 s elapsed
	!	[0.018563 s user, 0.018563 s system total]
2026-12-04 20:07:20.918 UTC [27844] STATEMENT:  with lock as (select pg_advisory_xact_lock(hashtextextended($1, 0)) as held),
	    occupancy as (insert into booking_occupancies (id, tenant_id)
[postgres] 2026-12-04 20:07:20.920 UTC [27851] LOG:  EXECUTE MESSAGE STATISTICS
2026-12-04 20:07:20.920 UTC [27851] DETAIL:  ! system usage stats:
	!	0.004000 s user, 0.000000 s system, 0.018472 s elapsed
2026-12-04 20:07:20.920 UTC [27851] STATEMENT:  
	    with svc as (
	      select * from booking_services
[postgres] 2026-12-04 20:07:20.922 UTC [27844] LOG:  EXECUTE MESSAGE STATISTICS
2026-12-04 20:07:20.922 UTC [27844] DETAIL:  ! system usage stats:
	!	0.002000 s user, 0.000500 s system, 0.003725 s elapsed
2026-12-04 20:07:20.922 UTC [27844] STATEMENT:  with lock as (select pg_advisory_xact_lock(hashtextextended($1, 0)) as held),
2026-12-04 20:07:20.930 UTC [27844] LOG:  execute booksprintz_3: with lock as (select 1)`;

describe('statementCosts', () => {
  it('sums each stats message under the statement it names, text on the same line or the next', () => {
    const costs = statementCosts(LOG.split('\n'));
    // Costliest first.
    expect(costs.map((cost) => [cost.label.slice(0, 24), cost.messages])).toEqual([
      ['with svc as (', 1],
      ['with lock as (select pg_', 2],
    ]);
    expect(costs[0]!.cpu).toBeCloseTo(0.004, 6);
    expect(costs[1]!.cpu).toBeCloseTo(0.0029, 6);
  });
});
