export * from './availability/index.ts';
export * from './schemas/index.ts';
