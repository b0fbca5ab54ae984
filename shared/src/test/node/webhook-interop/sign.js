// Signs one request with each reference library senders use; WebhookInteropTest verifies the
// answers with StorePulse's SignatureVerifier. Input (stdin, JSON): {secret, id, timestamp (Unix
// seconds), body}. Output (stdout, JSON): the signature header each library produced.
const { Webhook: StandardWebhook } = require("standardwebhooks");
const { Webhook: SvixWebhook } = require("svix");
const Stripe = require("stripe");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { secret, id, timestamp, body } = JSON.parse(input);
  const date = new Date(timestamp * 1000);
  const stripe = new Stripe("sk_test_interop");
  const out = {
    standardwebhooks: new StandardWebhook(secret).sign(id, date, body),
    svix: new SvixWebhook(secret).sign(id, date, body),
    stripe: stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
  };
  // The libraries' own verification of their own signature, so a failure on our side is ours.
  new StandardWebhook(secret).verify(body, { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": out.standardwebhooks });
  process.stdout.write(JSON.stringify(out));
});
