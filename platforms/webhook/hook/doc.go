// Package hook is the per-route logic behind Switchboard's inbound webhooks:
// it checks a delivery's HMAC signature, turns its JSON payload into a prompt
// for the agent, remembers delivery ids so that a sender's retry is not
// answered twice, and parses where the agent's answer should go.
//
// The gateway owns everything around it (URL routing for
// POST /webhooks/<route> and /p/<profile>/webhooks/<route>, profile auth and
// body limits) and calls this package in a fixed order: Route.Verify on the
// raw body, Dedupe.Seen with Route.DeliveryID, then Route.Render. If the
// gateway cannot accept a delivery after Seen recorded it, it calls
// Dedupe.Forget so that the sender may retry.
//
// # Trust model
//
// Secrets and prompt templates come from the operator's config, never from a
// sender. Senders control only the body and the headers, and nothing they send
// is ever parsed as a template. Rendering is still bounded: output is capped at
// MaxPromptBytes by the writer the template executes into, so a range over a
// huge array stops as soon as the prompt is too long. A template that loops
// without writing, such as several nested ranges over the same array, is not
// bounded by the cap; do not write one.
//
// # Templates
//
// Prompts are text/template over the decoded payload, so
// {{.pull_request.title}} and {{index .commits 0 "message"}} work as in Go.
// Three things differ, all so that one template copes with the different shapes
// a sender's events take:
//
//   - A missing key, or a JSON null, prints as empty text, not "<no value>",
//     and a field of a missing object is missing too.
//   - index returns nothing, instead of failing, for a missing key or an
//     index out of range.
//   - Whole numbers decode as int64 so that ids print as digits (not 1.2e+09)
//     and compare with eq and lt; other numbers are float64.
package hook
