export * from './common.ts';
export * from './problem.ts';
export * from './tenant.ts';
