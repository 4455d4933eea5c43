/**
 * The bidder: rules (rules.ts), pure decisions (strategy.ts), write planning (plan.ts), the check the alarm runs
 * (runner.ts), what it keeps between checks (memory.ts) and the audit log (audit.ts). Contexts: background for the
 * runner; rules, decisions, planning and the log's types are pure and may be imported by pages too (import the
 * module files directly there, not this index, which pulls in the WB client).
 */
export * from './audit';
export * from './memory';
export * from './plan';
export * from './rules';
export * from './runner';
export * from './strategy';
