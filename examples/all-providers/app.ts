#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildAllProvidersApp } from './all-providers-stack';

const app = new App();
buildAllProvidersApp(app);
app.synth();
