import { IamReport, RoleReport } from './index';

/**
 * The IAM check's report as Markdown: per role (grouped by what runs as it), its statements, the
 * documented calls simulated (with the page), the calls that must be denied, and every `Resource: *`
 * grant with its reason. `docs/iam.md` is this report for the all-providers example.
 */
export function renderIamReport(report: IamReport, intro: string): string {
  const lines: string[] = [intro.trim(), ''];
  const calls = report.roles.reduce((n, r) => n + r.calls.length, 0);
  const denied = report.roles.reduce((n, r) => n + r.denied.length, 0);
  lines.push(`${report.roles.length} roles; ${calls} documented calls simulated, ${denied} calls that must be denied simulated; ${report.findings.length} findings.`, '');
  lines.push('| what runs as the role | role | statements | calls allowed | denied calls denied | `Resource: *` grants |', '|---|---|---|---|---|---|');
  const sorted = [...report.roles].sort((a, b) => a.usedBy.localeCompare(b.usedBy) || a.role.localeCompare(b.role));
  for (const r of sorted) {
    lines.push(`| ${r.usedBy} | [${shortName(r)}](#${anchor(r)}) | ${r.statements.length} | ${count(r.calls, true)}/${r.calls.length} | ${count(r.denied, false)}/${r.denied.length} | ${r.wildcards.length} |`);
  }
  if (report.findings.length > 0) {
    lines.push('', '## Findings', '');
    for (const f of report.findings) lines.push(`- ${f.kind} ${f.role}: ${f.message}`);
  }
  for (const r of sorted) {
    lines.push('', `## ${r.usedBy}: ${shortName(r)}`, '', `<a id="${anchor(r)}"></a>Role \`${r.role}\` (\`${r.arn}\`).`, '');
    lines.push('Statements:', '', '| actions | resources | condition |', '|---|---|---|');
    for (const s of r.statements) {
      lines.push(`| ${cell(s.Action)} | ${cell(s.Resource)} | ${s.Condition ? code(JSON.stringify(s.Condition)) : ''} |`);
    }
    if (r.wildcards.length > 0) {
      lines.push('', '`Resource: *`:', '');
      for (const w of r.wildcards) lines.push(`- ${w.actions.map(code).join(', ')}: ${w.reason}`);
    }
    lines.push('', 'Documented calls (expected `Allowed`):', '', '| action | resource | decision | documented at |', '|---|---|---|---|');
    for (const c of r.calls) lines.push(`| ${code(c.action)} | ${code(c.resource)} | ${c.decision} | ${c.note} |`);
    lines.push('', 'Calls that must be denied:', '', '| action | resource | decision | why |', '|---|---|---|---|');
    for (const c of r.denied) lines.push(`| ${code(c.action)} | ${code(c.resource)} | ${c.decision} | ${c.note} |`);
  }
  return lines.join('\n') + '\n';
}

function shortName(r: RoleReport): string {
  return r.role.split('/').slice(2).join('/') || r.role;
}

function anchor(r: RoleReport): string {
  return `role-${r.role.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function count(calls: Array<{ decision: string }>, allowed: boolean): number {
  return calls.filter(c => (c.decision === 'Allowed') === allowed).length;
}

function cell(x: any): string {
  return (Array.isArray(x) ? x : [x]).map(v => code(String(v))).join('<br>');
}

function code(x: string): string {
  return `\`${x.replace(/\|/g, '\\|')}\``;
}
