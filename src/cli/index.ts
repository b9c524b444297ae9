#!/usr/bin/env node
import { processOutput, systemClock } from './private/io';
import { runCli } from './program';
import { createCodePipelineClient } from './sdk';

// The SDK warns on every run under Node.js 20 about its future Node.js support; for a CLI
// that is noise on stderr (this package supports Node.js >= 20). Opt back in by setting it to "false".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

void runCli(process.argv.slice(2), {
  io: processOutput(),
  env: process.env,
  cwd: process.cwd(),
  clock: systemClock,
  createClient: createCodePipelineClient,
}).then((exitCode) => {
  process.exitCode = exitCode;
});
