// Runs once before the first browser-test file: builds the app (unless a build newer than its
// inputs is there). The files run beside each other, and two of them building into the same
// folder at once would empty it under each other's feet.

import { ensureBuild } from './harness';

export default async function buildOnce(): Promise<void> {
  await ensureBuild();
}
