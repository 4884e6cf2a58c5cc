/** Runs after each test file (jest.config.js, setupFilesAfterEnv): see child-registry.ts. */
import { killLeftoverChildren } from './child-registry';

afterAll(async () => {
  const killed = await killLeftoverChildren();
  if (killed > 0) process.stderr.write(`killed ${killed} child process(es) the test file left running\n`);
});
