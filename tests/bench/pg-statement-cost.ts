/**
 * Postgres's own account of a load, statement by statement (`profile`, issue 21):
 *   - PROFILE_PG_STATEMENTS=1: `log_statement_stats` makes each backend log the CPU
 *     (getrusage) of every parse, bind and execute; the lines are read from the stack's
 *     Postgres log and summed per statement, named by its first words.
 *   - PROFILE_PG_EXPLAIN=<file>: auto_explain (shipped with Postgres) logs the plan of one
 *     statement in five with actual times and the time of each trigger, including the
 *     foreign-key checks; the plans are written to <file>.
 * The timings these add are Postgres's own: compare statements with each other, not
 * with the `cpu_per_booking_postgres` line of a run without them.
 */
import { writeFile } from 'node:fs/promises';
import type pg from 'pg';

export interface StatementCost {
  /** The statement's first words. */
  label: string;
  /** Stats messages (parse, bind, execute) counted for it. */
  messages: number;
  /** CPU seconds (user + system) over them. */
  cpu: number;
}

/** `!	0.000297 s user, 0.000297 s system, 0.000596 s elapsed` */
const USAGE = /!\s+([\d.]+) s user, ([\d.]+) s system/;
/** `… [1234] LOG:  EXECUTE MESSAGE STATISTICS` (or PARSE, BIND, or QUERY STATISTICS) */
const HEADER = /\[(\d+)\] LOG: {2}(?:\w+ MESSAGE )?STATISTICS/;
/** `… [1234] STATEMENT:  <text>`, the statement a stats message was about. */
const STATEMENT = /\[(\d+)\] STATEMENT: {2}(.*)$/;
/** `… [1234] LOG:  duration: 1.234 ms  plan:` opens an auto_explain plan. */
const PLAN = /\[\d+\] LOG: {2}duration: [\d.]+ ms {2}plan:/;

/** Sums `log_statement_stats` lines per statement, costliest first. */
export function statementCosts(lines: readonly string[]): StatementCost[] {
  const byLabel = new Map<string, StatementCost>();
  /** Per backend: the CPU of its last stats message, until its STATEMENT line names it. */
  const pending = new Map<string, number>();
  let lastHeader = '';
  let labelOf: { pid: string } | null = null;
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      lastHeader = header[1]!;
      continue;
    }
    const usage = USAGE.exec(line);
    if (usage && lastHeader) {
      pending.set(lastHeader, Number(usage[1]) + Number(usage[2]));
      lastHeader = '';
      continue;
    }
    const statement = STATEMENT.exec(line);
    if (statement && pending.has(statement[1]!)) {
      // The text may start on the next line (`STATEMENT:  ` then a newline).
      labelOf = { pid: statement[1]! };
      const text = statement[2]!.trim();
      if (!text) continue;
      add(byLabel, pending, labelOf.pid, text);
      labelOf = null;
      continue;
    }
    if (labelOf && line.trim()) {
      add(byLabel, pending, labelOf.pid, line.trim());
      labelOf = null;
    }
  }
  return [...byLabel.values()].sort((a, b) => b.cpu - a.cpu);
}

function add(
  byLabel: Map<string, StatementCost>,
  pending: Map<string, number>,
  pid: string,
  text: string,
): void {
  const label = text.replace(/\s+/g, ' ').slice(0, 60);
  const cost = byLabel.get(label) ?? { label, messages: 0, cpu: 0 };
  cost.messages++;
  cost.cpu += pending.get(pid) ?? 0;
  pending.delete(pid);
  byLabel.set(label, cost);
}

/**
 * Turns the options on (`start`, before the load) and off (`stop`, after it), collecting
 * the Postgres log in between. `prepare` must run before the stack's connections open:
 * auto_explain is loaded by each new session.
 */
export function pgStatementCost(admin: pg.Client, env: NodeJS.ProcessEnv = process.env) {
  const statements = Boolean(env.PROFILE_PG_STATEMENTS);
  const explainFile = env.PROFILE_PG_EXPLAIN;
  const lines: string[] = [];
  let listening = false;
  const reload = () => admin.query('SELECT pg_reload_conf()');
  return {
    enabled: statements || Boolean(explainFile),
    /** Feed it the stack's Postgres log chunks. */
    onLog(chunk: string): void {
      if (listening && chunk.startsWith('[postgres]')) lines.push(...chunk.split('\n'));
    },
    async prepare(): Promise<void> {
      if (!explainFile) return;
      await admin.query(`ALTER SYSTEM SET session_preload_libraries = 'auto_explain'`);
      await admin.query('ALTER SYSTEM SET auto_explain.log_min_duration = -1');
      await reload();
    },
    async start(): Promise<void> {
      if (statements) await admin.query('ALTER SYSTEM SET log_statement_stats = on');
      if (explainFile) {
        for (const setting of [
          'log_min_duration = 0',
          'log_analyze = on',
          'log_triggers = on',
          'log_buffers = on',
          'sample_rate = 0.2',
        ])
          await admin.query(`ALTER SYSTEM SET auto_explain.${setting}`);
      }
      await reload();
      listening = true;
    },
    /** Turns everything off; returns the statements' costs (empty without PROFILE_PG_STATEMENTS). */
    async stop(): Promise<StatementCost[]> {
      // Deliveries run after the responses: let their statements reach the log.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      listening = false;
      await admin.query('ALTER SYSTEM RESET log_statement_stats');
      await admin.query('ALTER SYSTEM RESET auto_explain.log_min_duration');
      await admin.query(`ALTER SYSTEM RESET session_preload_libraries`);
      await reload();
      if (explainFile) {
        const plans: string[] = [];
        let inPlan = false;
        for (const line of lines) {
          if (PLAN.test(line)) inPlan = true;
          else if (/^\S/.test(line)) inPlan = false;
          if (inPlan) plans.push(line);
        }
        await writeFile(explainFile, `${plans.join('\n')}\n`);
      }
      return statements ? statementCosts(lines) : [];
    },
  };
}
