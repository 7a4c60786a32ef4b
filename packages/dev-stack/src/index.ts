export { configureDevPayments, type DevStripeKeys, devStripeKeys } from './dev-payments.ts';
export { freePort } from './free-port.ts';
export { migrateDatabase } from './migrate.ts';
export { type LocalPostgres, startLocalPostgres } from './postgres.ts';
export { DEMO_OWNER, demoOwnerLogin, seedDemo } from './seed.ts';
export { REPO_ROOT, type Stack, type StackOptions, startStack } from './stack.ts';
export { stripeTestSignature } from './stripe-test-signature.ts';
export { startWsBridge, type WsBridge } from './ws-bridge.ts';
