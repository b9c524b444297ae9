#!/usr/bin/env node
import { runCli } from './program';
import { processOutput, systemClock } from './private/io';
import { createCodePipelineClient } from './sdk';

void runCli(process.argv.slice(2), {
  io: processOutput(),
  env: process.env,
  cwd: process.cwd(),
  clock: systemClock,
  createClient: createCodePipelineClient,
}).then((exitCode) => {
  process.exitCode = exitCode;
});
