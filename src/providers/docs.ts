import { ProviderDefinition } from './definition';
import { categoriesOf, isAnyProvider, providerDefinitions } from './registry';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The provider table: every provider, its ActionTypeId, factory and artifacts. */
function providerTable(definitions: ProviderDefinition[]): string[] {
  const lines = [
    '| Provider | Category | Owner | Version | Typed factory | Inputs | Outputs | Action reference |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const d of definitions) {
    const b = d.bounds;
    const any = isAnyProvider(d);
    const provider = any ? "any (the action type's own)" : [d.provider, ...(d.aliases ?? []).map(a => `${a} (alias)`)].join(', ');
    lines.push(`| ${cell(provider)} | ${categoriesOf(d).join(', ')} | ${d.owner} | ${any ? 'any' : d.version} | \`${d.factory}\` | ${b.minInputs}–${b.maxInputs} | ${b.minOutputs}–${b.maxOutputs} | [${d.title}](${d.documentation}) |`);
  }
  return lines;
}

/** The configuration keys of one provider. */
function keyTable(d: ProviderDefinition): string[] {
  const lines = [
    `### ${d.title}`,
    '',
    `\`${categoriesOf(d).join('/')}\` · \`${d.owner}\` · \`${d.provider}\` · version ${d.version} · [action reference](${d.documentation}) · typed: \`${d.factory}\``,
    '',
  ];
  if (isAnyProvider(d)) return [...lines, 'The action type defines its configuration keys: every key is passed as given.', ...iamLines(d), ''];
  if (d.keys.length === 0) return [...lines, 'No configuration keys.', ...iamLines(d), ''];
  lines.push('| Key | Required | Value | Typed option | Description |', '| --- | --- | --- | --- | --- |');
  for (const k of d.keys) {
    const value = k.values ? `${k.kind}: ${k.values.join(', ')}` : k.min !== undefined || k.max !== undefined ? `${k.kind} ${k.min ?? 0}–${k.max ?? '∞'}` : k.kind;
    lines.push(`| \`${k.name}\` | ${k.required ? 'yes' : ''} | ${cell(value)} | \`${cell(k.option)}\` | ${cell(k.description)} |`);
  }
  const file = d.fileKeys?.filter(k => !['roleArn', 'namespace'].includes(k)) ?? [];
  if (file.length > 0) lines.push('', `Pipeline-file keys besides CodePipeline's own: ${file.map(k => `\`${k}\``).join(', ')}.`);
  return [...lines, ...iamLines(d), ''];
}

/** The IAM actions the provider's action role is granted (from its `ProviderIam` data). */
function iamLines(d: ProviderDefinition): string[] {
  const statements = (d.iam ?? []).flatMap(i => i.statements);
  if (statements.length === 0) return ['', 'Action role: none of its own (the action runs as the pipeline, or as the action type defines).'];
  const actions = [...new Set(statements.flatMap(s => s.actions))];
  const unscoped = new Set(statements.filter(s => s.unscoped !== undefined).flatMap(s => s.actions));
  const documentation = (d.iam ?? [])[0].documentation;
  return ['', `Action role ([documented](${documentation})): ${actions.map(a => `\`${a}\`${unscoped.has(a) ? ' (on `*`)' : ''}`).join(', ')}` +
    ", each on the action's own resources, plus its artifacts; [docs/iam.md](iam.md) has the simulated calls." +
    (d.iam ?? []).filter(i => i.artifactGrant).map(i => ` The artifact grant is wider than its calls: ${i.artifactGrant!.reason}`).join('')];
}

/** docs/providers.md, generated from the provider modules (`npx projen docs:providers`). */
export function renderProviderDocs(): string {
  const definitions = providerDefinitions();
  return [
    '# Providers',
    '',
    '<!-- Generated from the provider modules (src/*/ *.ts, registered in src/providers/registry.ts) by `npx projen docs:providers`; a test keeps it current. -->',
    '',
    "Every CodePipeline provider the library builds, in the typed API and in pipeline files. Every action also takes CodePipeline's",
    'own action fields: `runOrder`, `region` (with a replication bucket), `roleArn` (an existing role, used as given), `namespace`.',
    '',
    ...providerTable(definitions),
    '',
    '## Configuration keys',
    '',
    ...definitions.flatMap(keyTable),
  ].join('\n');
}
