// The few Mocha globals the component tests use (@web/test-runner provides Mocha in the
// page; @types/mocha is not a dependency).
type Done = () => void | Promise<void>;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: Done): void;
declare function beforeEach(body: Done): void;
declare function afterEach(body: Done): void;
