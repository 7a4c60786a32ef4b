export * from './availability/index.ts';
export * from './origins.ts';
export * from './schemas/index.ts';
