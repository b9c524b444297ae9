#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildEnvironmentsApp } from './environments-pipeline-stack';

const app = new App();
buildEnvironmentsApp(app);
app.synth();
