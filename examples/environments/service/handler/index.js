// The shop's API handler, deployed as a Lambda function from a bundled file asset.
exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true }) });
