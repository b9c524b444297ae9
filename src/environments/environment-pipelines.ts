import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DeliveryEnvironment } from './environment';
import { DeliveryPipeline, DeliveryPipelineProps } from '../pipeline/delivery-pipeline';
import { isProduction } from './private/environments';
import { fail } from '../core/private/errors';
import { constructId } from '../core/private/names';
import { createCombinedDashboard, dashboardName, insightsOf, PipelineInsights, shareDashboard } from '../monitoring/private/insights';

/**
 * One pipeline per environment (the seed's practice): each environment gets its own `DeliveryPipeline`
 * with the given props — its own source (the environment's `source`, e.g. a `develop` branch for
 * development), build and tests — and exactly that environment, with its defaults (production:
 * approval, rollback, alarm gates). Pipelines are named `<pipelineName>-<environment>`.
 *
 * @example
 * new EnvironmentPipelines(this, 'Shop', {
 *   source: Source.connection('acme/shop', 'main', { connectionArn }),
 *   buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build'] }),
 *   environments: [
 *     { name: 'Dev', deploy: Deploy.ecs({ service: devService }), source: Source.connection('acme/shop', 'develop', { connectionArn }) },
 *     { name: 'Prod', deploy: Deploy.ecs({ service: prodService }) },
 *   ],
 * });
 */
export class EnvironmentPipelines extends Construct {
  /** The pipelines, in the order of the environments. */
  public readonly pipelines: DeliveryPipeline[];

  /**
   * One CloudWatch dashboard across the pipelines: the DORA figures of the production environment's
   * pipeline (the last pipeline when no environment is production), then each pipeline's executions,
   * durations, failures, approvals and stages.
   *
   * @default - none when `monitoring.dashboard` is false
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly byName = new Map<string, DeliveryPipeline>();

  /**
   * @param props the props every pipeline shares; `environments` (at least one) lists the environments
   */
  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const environments = props.environments ?? [];
    if (environments.length === 0) {
      fail(this, 'NoEnvironments', "EnvironmentPipelines creates one pipeline per environment, but 'environments' is empty: declare at least one environment");
    }
    if (props.triggers && props.triggers.length > 0 && environments.some(e => e.source)) {
      fail(this, 'TriggersWithEnvironmentSources',
        "'triggers' name the shared 'source', but some environments have their own 'source': give those pipelines no shared triggers (create them with DeliveryPipeline), or drop the environment sources");
    }
    shareDashboard(this);
    this.pipelines = environments.map((environment: DeliveryEnvironment) => {
      const pipeline = new DeliveryPipeline(this, constructId(environment.name) || 'Environment', {
        ...props,
        pipelineName: props.pipelineName ? `${props.pipelineName}-${environment.name}`.slice(0, 100) : undefined,
        source: environment.source ?? props.source,
        environments: [environment],
      });
      this.byName.set(environment.name, pipeline);
      return pipeline;
    });
    const insights = this.pipelines.map(p => insightsOf(p)).filter((i): i is PipelineInsights => i !== undefined);
    if (insights.length > 0) {
      const productionIndex = environments.map(isProduction).lastIndexOf(true);
      const production = insights[productionIndex >= 0 ? productionIndex : insights.length - 1];
      this.dashboard = createCombinedDashboard(this, props.pipelineName ? dashboardName(props.pipelineName) : undefined, production, insights);
    }
  }

  /** The pipeline of the environment with the given name. */
  public pipelineFor(environmentName: string): DeliveryPipeline {
    const pipeline = this.byName.get(environmentName);
    if (!pipeline) {
      fail(this, 'UnknownEnvironment', `no environment is called '${environmentName}' (environments: ${[...this.byName.keys()].map(n => `'${n}'`).join(', ')})`);
    }
    return pipeline;
  }
}
