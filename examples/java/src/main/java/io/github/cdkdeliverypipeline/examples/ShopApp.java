package io.github.cdkdeliverypipeline.examples;

import software.amazon.awscdk.App;

/** The seed pipeline's app, in Java (`npx cdk synth` from examples/java). */
public final class ShopApp {
    private ShopApp() {
    }

    public static void main(final String[] args) {
        App app = new App();
        ShopPipelineStack.buildApp(app);
        app.synth();
    }
}
