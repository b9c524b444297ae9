import { CommandDefinition, PROGRAM_NAME } from './command';
import { ExitCode } from './errors';

export const EXIT_CODES_HELP = [
  'Exit codes:',
  `  ${ExitCode.OK}  success (watch: the execution succeeded)`,
  `  ${ExitCode.FAILURE}  an AWS call failed, nothing was pending/running, or (watch) the execution failed, was stopped or superseded`,
  `  ${ExitCode.USAGE}  invalid arguments or configuration (nothing was changed)`,
].join('\n');

export const PIPELINE_RESOLUTION_HELP = [
  'Pipeline name:',
  '  When [pipeline] is omitted, the CLI reads the synthesized CDK app in --app-dir (default: the',
  '  current directory; cdk.json\'s "output", else cdk.out) and uses its only DeliveryPipeline.',
  '  That stack\'s region is used unless --region is given; so is the region of a named pipeline',
  '  that the assembly defines.',
].join('\n');

export const ENVIRONMENT_HELP = [
  'Environment:',
  '  AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN   the usual SDK settings',
  '  AWS_ENDPOINT_URL_CODEPIPELINE   custom CodePipeline endpoint (same as --endpoint-url)',
  '  AWS_MAX_ATTEMPTS, AWS_RETRY_MODE   retries on throttling (default: 8 attempts, adaptive)',
  '  NO_COLOR   plain output (also when stdout is not a terminal, or with --no-color)',
].join('\n');

/** The text shown after a command's own --help. */
export function commandHelp(definition: CommandDefinition): string {
  const sections = [
    ['Examples:', ...definition.examples.map((e) => `  $ ${PROGRAM_NAME} ${e}`)].join('\n'),
    ['IAM permissions needed:', ...definition.iamActions.map((a) => `  ${a}`)].join('\n'),
  ];
  if (definition.takesPipeline) {
    sections.push(PIPELINE_RESOLUTION_HELP);
  }
  sections.push(EXIT_CODES_HELP);
  return `\n${sections.join('\n\n')}\n`;
}

/** The text shown after the program's --help. */
export function programHelp(): string {
  const examples = [
    'Examples:',
    `  $ ${PROGRAM_NAME} list`,
    `  $ ${PROGRAM_NAME} status my-service-pipeline`,
    `  $ ${PROGRAM_NAME} approve --summary "Looks good"       # in a CDK app directory`,
    `  $ ${PROGRAM_NAME} start my-service-pipeline --watch`,
    `  $ ${PROGRAM_NAME} insights my-service-pipeline --days 90`,
    `  $ ${PROGRAM_NAME} help status`,
  ].join('\n');
  return `\n${[examples, PIPELINE_RESOLUTION_HELP, EXIT_CODES_HELP, ENVIRONMENT_HELP].join('\n\n')}\n`;
}
