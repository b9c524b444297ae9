// The shop's thumbnail worker, deployed as a Lambda function from a Docker image asset.
exports.handler = async (event) => ({ resized: (event.Records ?? []).length });
