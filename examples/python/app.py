#!/usr/bin/env python3
"""The seed pipeline's app, in Python (`npx cdk synth` from this folder, or `python3 app.py`)."""
from aws_cdk import App

from shop_pipeline_stack import build_app

app = App()
build_app(app)
app.synth()
