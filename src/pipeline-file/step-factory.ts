import { Construct } from 'constructs';
import { PipelineStep } from '../core/step';

/** Creates the typed step of one pipeline-file action; imported resources are created under `scope`. */
export type StepFactory = (scope: Construct) => PipelineStep;
