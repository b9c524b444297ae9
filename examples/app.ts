#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from './shop-pipeline-stack';

const app = new App();
buildApp(app);
app.synth();
