import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '/work/wt13/examples/shop-pipeline-stack';
const app = new App({ builtinCloudFormationValidation: false } as any);
const t = Template.fromStack(buildApp(app)).toJSON();
const rs = Object.values<any>(t.Resources).filter(r => r.Type !== 'AWS::CDK::Metadata');
const by: Record<string, number> = {};
for (const r of rs) by[r.Type] = (by[r.Type] ?? 0) + 1;
console.log(rs.length, by);
let st = 0, pat = 0;
for (const r of rs.filter(r => r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')) {
  for (const s of r.Properties.PolicyDocument.Statement) { st++; if ([s.Action].flat().some((a: string) => a.includes('*'))) pat++; }
}
console.log('statements', st, 'patterns', pat);
